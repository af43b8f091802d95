import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** tsx's loader, resolved from the repository so scripts run from any folder. */
const tsxLoader = pathToFileURL(createRequire(join(repoRoot, 'package.json')).resolve('tsx')).href;

/** The outcome of one script run. */
export interface ScriptRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/<name>` with tsx in `cwd` (default the repository root), as `npm run` would. */
export function runScript(name: string, args: string[] = [], cwd = repoRoot, env: NodeJS.ProcessEnv = {}): ScriptRun {
  const result = spawnSync(process.execPath, ['--import', tsxLoader, join(repoRoot, 'scripts', name), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A scratch copy of the repository's specs, `redocly.yaml` and `src/generated/`. */
export function copySpecs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'specs-'));
  for (const part of ['openapi', 'redocly.yaml', 'src/generated'])
    cpSync(join(repoRoot, part), join(dir, part), { recursive: true });
  return dir;
}
