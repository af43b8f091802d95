/**
 * `npm start`: the whole stack locally. Both vendor Prism mocks on their default ports (see
 * src/mock/cli.ts); the real createInboxHandler against them at EXAMPLE_PORT (default 4000)
 * /api/inbox, on the origin of the example page; and a Prism mock of openapi/inbox.yaml on
 * INBOX_MOCK_PORT (default 4012).
 */
import { runMockCli } from '../src/mock/cli.js';
import { startInboxMock } from './inbox-mock.js';
import { startLocalStack } from './local-stack.js';

// --otel: the OpenTelemetry SDK with console exporters (README "Observability").
if (process.argv.includes('--otel')) (await import('./otel-console.js')).startConsoleTelemetry();
const argv = process.argv.slice(2).filter((arg) => arg !== '--otel');
const mocks = await runMockCli(argv);
if (mocks) {
  const lines = ['', 'Your website, locally (vendor keys stay in this process):'];
  const examplePort = Number(process.env.EXAMPLE_PORT ?? 4000);
  try {
    const stack = await startLocalStack({
      // The mocks as they started (ports from the flags, the environment or the defaults).
      commboxUrl: mocks.commbox.url,
      cometchatUrl: mocks.cometchat.url,
      port: examplePort,
    });
    stack.server.unref();
    lines.push(
      `  Example inbox page   ${stack.url}/examples/inbox/   (createInboxClient, no vendor key in the page)`,
      `  Inbox API (handler)  ${stack.url}/api/inbox/summary   POST ${stack.url}/api/inbox/conversations/{provider}/{id}/read`,
      `  curl -i '${stack.url}/api/inbox/summary'`,
    );
  } catch {
    lines.push(`  (The example page and handler are not served: port ${examplePort} is in use; set EXAMPLE_PORT.)`);
  }
  try {
    const inbox = await startInboxMock(Number(process.env.INBOX_MOCK_PORT ?? 4012));
    lines.push(`  Inbox API mock       ${inbox.url}/summary   (mock of openapi/inbox.yaml, mark read lowers it: curl -H 'Cookie: session=any' '${inbox.url}/summary')`);
  } catch (error) {
    lines.push(`  (${error instanceof Error ? error.message : String(error)})`);
  }
  console.log(lines.join('\n'));
}
