import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Starts bench/lib/example-server.ts in a child process and resolves to its base URL. */
export async function startExampleServer(env: Record<string, string> = {}): Promise<{ url: string; close(): void }> {
  const script = fileURLToPath(new URL('./example-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the bench server exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, close: () => void child.kill() };
}
