import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The two APIs we mock, with their spec files and default ports. */
export const MOCKED_APIS = {
  commbox: { spec: 'openapi/commbox.yaml', defaultPort: 4010, portEnv: 'COMMBOX_MOCK_PORT' },
  cometchat: { spec: 'openapi/cometchat.yaml', defaultPort: 4011, portEnv: 'COMETCHAT_MOCK_PORT' },
} as const;

export type MockedApi = keyof typeof MOCKED_APIS;

export interface PrismOptions {
  /** Path to the OpenAPI document, relative to the repository root. */
  spec: string;
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Serve generated data instead of the spec's examples. @default false */
  dynamic?: boolean;
  /** Where Prism's own log goes. @default 'ignore' */
  stdio?: 'ignore' | 'inherit';
}

export interface RunningPrism {
  url: string;
  close(): Promise<void>;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function prismBin(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('@stoplight/prism-cli/package.json');
  return join(dirname(pkgPath), 'dist', 'index.js');
}

/** Starts a Prism mock of one spec and resolves once it answers HTTP. */
export async function startPrism(options: PrismOptions): Promise<RunningPrism> {
  const host = options.host ?? '127.0.0.1';
  const args = [prismBin(), 'mock', '-h', host, '-p', String(options.port), join(repoRoot, options.spec)];
  if (options.dynamic) args.push('-d', '--json-schema-faker-fillProperties=false');
  const child = spawn(process.execPath, args, { stdio: ['ignore', options.stdio ?? 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://${host}:${options.port}`;
  await waitUntilAnswering(url, child, () => stderr);
  return { url, close: () => stopChild(child) };
}

async function waitUntilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Prism exited with code ${child.exitCode} before answering at ${url}\n${stderr()}`);
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stopChild(child);
  throw new Error(`Prism did not answer at ${url} within 60 s\n${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
