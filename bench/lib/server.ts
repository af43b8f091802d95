import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A running bench server: its base URL, and `close()` (idempotent) to stop it. */
export interface ExampleServer {
  url: string;
  close(): void;
}

/**
 * Starts bench/lib/example-server.ts in a child process and resolves to its base URL. The child holds
 * the other end of a stdin pipe and exits when it closes, so it never outlives this process, however this
 * one ends (a throw, a signal, `process.exit`); this process also kills it on exit. Callers still close it
 * in a `finally` (or use {@link withExampleServer}).
 * @throws when the child exits before printing its port
 */
export async function startExampleServer(env: Record<string, string> = {}): Promise<ExampleServer> {
  const script = fileURLToPath(new URL('./example-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const close = (): void => {
    process.off('exit', close);
    child.stdin.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill();
  };
  process.once('exit', close);
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
    });
    return { url: `http://127.0.0.1:${port}`, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Runs `use` with a bench server started with `env`, and closes the server however `use` ends. */
export async function withExampleServer<T>(
  use: (server: ExampleServer) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const server = await startExampleServer(env);
  try {
    return await use(server);
  } finally {
    server.close();
  }
}
