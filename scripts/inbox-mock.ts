/**
 * A Prism mock of openapi/inbox.yaml, for frontend developers who only need the inbox API
 * (send any `session` cookie; `Prefer: example=cometchatThrottled` picks an example).
 * Run alone: `node --import tsx scripts/inbox-mock.ts` (port INBOX_MOCK_PORT, default 4012).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InboxMock {
  url: string;
  close(): void;
}

/** Starts `prism mock openapi/inbox.yaml` on `port` and resolves once it listens. */
export function startInboxMock(port: number, host = '127.0.0.1'): Promise<InboxMock> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
  const spec = fileURLToPath(new URL('../openapi/inbox.yaml', import.meta.url));
  const child = spawn(process.execPath, [cli, 'mock', '-h', host, '-p', String(port), spec], { stdio: ['ignore', 'pipe', 'pipe'] });
  const close = () => void child.kill();
  process.once('exit', close);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Prism is listening on (\S+)/.exec(output);
      if (listening) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ url: listening[1]!, close });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`The inbox mock stopped (exit ${code}): ${output.includes('EADDRINUSE') ? `port ${port} is in use; set INBOX_MOCK_PORT` : output.slice(-400)}`)));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mock = await startInboxMock(Number(process.env.INBOX_MOCK_PORT ?? 4012));
  console.log(`Inbox API mock (Prism): ${mock.url}/summary  (send -H 'Cookie: session=any')`);
}
