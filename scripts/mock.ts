/**
 * `npm start`: the whole stack locally, run from source (tsx, no build). Both vendor Prism mocks on
 * their default ports (see src/mock/cli.ts); the real createInboxHandler against them at EXAMPLE_PORT
 * (default 4000) /api/inbox, on the origin of the example page; and a Prism mock of
 * openapi/inbox.yaml on INBOX_MOCK_PORT (default 4012). Every port is checked at once before
 * anything starts; an unknown flag is refused by name.
 */
import { runMockCli } from '../src/mock/cli.js';
import { startInboxMock } from './inbox-mock.js';
import { startLocalStack } from './local-stack.js';

/** A port from an environment variable, or its default. */
function envPort(name: string, fallback: number): number {
  const value = process.env[name] ?? String(fallback);
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name} must be a port number, got "${value}"`);
    process.exit(1);
  }
  return port;
}

const started = Date.now();
const examplePort = envPort('EXAMPLE_PORT', 4000);
const inboxMockPort = envPort('INBOX_MOCK_PORT', 4012);
// --otel: the OpenTelemetry SDK with console exporters (README "Observability").
if (process.argv.includes('--otel')) (await import('./otel-console.js')).startConsoleTelemetry();
const argv = process.argv.slice(2).filter((arg) => arg !== '--otel');
// The mocks post their webhooks (live messages, mark-read) to the local handler below.
if (!argv.some((arg) => arg === '--webhook-url' || arg.startsWith('--webhook-url=')))
  argv.push(`--webhook-url=http://127.0.0.1:${examplePort}/api/inbox/webhooks`);
const mocks = await runMockCli(argv, {
  program: 'npm start',
  extraPorts: [
    { port: examplePort, what: 'the example page and inbox handler', change: 'EXAMPLE_PORT' },
    { port: inboxMockPort, what: 'the inbox API mock', change: 'INBOX_MOCK_PORT' },
  ],
  footer: '',
});
if (mocks) {
  console.log('\nStarting the example page with the inbox handler, and the inbox API mock…');
  try {
    const [stack, inbox] = await Promise.all([
      startLocalStack({
        commboxUrl: mocks.commbox.url,
        cometchatUrl: mocks.cometchat.url,
        port: examplePort,
        browserBundle: 'source',
      }),
      startInboxMock(inboxMockPort),
    ]);
    stack.server.unref();
    console.log(
      [
        '',
        'Your website, locally (vendor keys stay in this process):',
        `  Example inbox page   ${stack.url}/examples/inbox/   (createInboxClient, no vendor key in the page)`,
        `  Inbox API (handler)  ${stack.url}/api/inbox/summary   POST ${stack.url}/api/inbox/conversations/{provider}/{id}/read`,
        `  curl -i '${stack.url}/api/inbox/summary'`,
        `  Webhooks in          POST ${stack.url}/api/inbox/webhooks/cometchat | /commbox   (the mocks post live messages and mark-read here)`,
        '',
        `Inbox API mock (openapi/inbox.yaml, for frontend work): ${inbox.url}/summary   (any session cookie; HEAD too)`,
        `  curl -i -H 'Cookie: session=any' '${inbox.url}/summary'`,
        `  Scenarios: -H 'Prefer: example=NAME' with NAME one of ${inbox.scenarios.join(', ')} (the first is the default); -H 'Prefer: code=503' for an error`,
        '',
        `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C stops all four servers (the CommBox and CometChat mocks, the example page with its handler, the inbox API mock).`,
      ].join('\n'),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    await mocks.close();
    process.exit(1);
  }
}
