/**
 * `npm start`: both Prism mocks on their default ports (see src/mock/cli.ts),
 * and the example inbox page on EXAMPLE_PORT (default 4000).
 */
import { fileURLToPath } from 'node:url';
import { runMockCli } from '../src/mock/cli.js';
import { serveStatic } from './serve-static.js';

const started = await runMockCli(process.argv.slice(2));
if (started) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const port = Number(process.env.EXAMPLE_PORT ?? 4000);
  try {
    const { url, server } = await serveStatic(root, port);
    server.unref();
    console.log(`\nExample inbox page: ${url}/examples/inbox/`);
  } catch {
    console.log(`\n(The example page is not served: port ${port} is in use; set EXAMPLE_PORT.)`);
  }
}
