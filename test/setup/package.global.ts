import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { shared } from './shared.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The package packed once for the run (test/setup/package.global.ts). */
    packedTarball: string;
    /** The clean copy of the repository it was packed from (its dist/ built by `prepack`). */
    packedClone: string;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
// A full tsup build with declarations (prepack): a minute alone, several on a loaded machine; a hang still ends.
const PACK_DEADLINE_MS = 900_000;

/** The repository as a fresh clone has it: the files git tracks (or would track), no dist/, no build output. */
async function cleanCopy(target: string): Promise<void> {
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (!existsSync(join(root, file))) continue; // deleted in the work tree, not yet committed
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(join(root, file), join(target, file));
  }
  symlinkSync(join(root, 'node_modules'), join(target, 'node_modules'), 'dir'); // what `npm ci` would install
}

interface Packed {
  dir: string;
  clone: string;
  tarball: string;
}

/** Packs the package as a publish would: from a clean copy, where `npm pack` runs `prepack` (the build). */
async function pack(): Promise<Packed> {
  const dir = mkdtempSync(join(tmpdir(), 'conversations-packed-'));
  try {
    const clone = join(dir, 'clone');
    await cleanCopy(clone);
    await run('npm', ['pack', '--silent', '--pack-destination', dir], {
      cwd: clone,
      timeout: PACK_DEADLINE_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    const tarball = readdirSync(dir).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack left no .tgz in ${dir}`);
    return { dir, clone, tarball: join(dir, tarball) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Packs the package once per test run, for every test of the packed package (the consumer
 * project, publint and attw on the same tarball), and removes it after the run.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { instance, release } = await shared('package', pack, async (packed) =>
    rmSync(packed.dir, { recursive: true, force: true }),
  );
  project.provide('packedTarball', instance.tarball);
  project.provide('packedClone', instance.clone);
  return release;
}
