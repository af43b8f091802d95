/**
 * Starts the Prism mocks of both APIs on their default ports
 * (CommBox 4010, CometChat 4011; override with COMMBOX_MOCK_PORT /
 * COMETCHAT_MOCK_PORT) and prints their base URLs. Ctrl-C stops both.
 * Pass --dynamic to serve generated data instead of the spec examples.
 */
import { MOCKED_APIS, startPrism, type RunningPrism } from './lib/prism.js';

const dynamic = process.argv.includes('--dynamic');
const running: RunningPrism[] = [];

async function main(): Promise<void> {
  for (const [name, api] of Object.entries(MOCKED_APIS)) {
    const port = Number(process.env[api.portEnv] ?? api.defaultPort);
    const mock = await startPrism({ spec: api.spec, port, dynamic });
    running.push(mock);
    console.log(`${name.padEnd(10)} ${mock.url}   (${api.spec})`);
  }
  console.log('Mocks are running. Ctrl-C stops them.');
}

async function stop(): Promise<void> {
  await Promise.all(running.map((mock) => mock.close()));
  process.exit(0);
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await Promise.all(running.map((mock) => mock.close()));
  process.exit(1);
});
