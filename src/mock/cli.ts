import { MOCKED_APIS, startMockServers, type MockServers } from './start-mock-servers.js';

/** A ready-to-paste request per operation, with the credentials the mock expects. */
const SAMPLE_REQUESTS: Record<string, { path: string; headers: string }> = {
  getUserObjects: { path: '/v2/users/identities/558355/objects', headers: "-H 'Authorization: Bearer any-token'" },
  getStreamObjects: { path: '/streams/19155/objects?userIdentityId=558355&pageSize=100', headers: "-H 'Authorization: Bearer any-token'" },
  getObject: { path: '/streams/532/objects/293854?includeChilds=true', headers: "-H 'Authorization: Bearer any-token'" },
  getUserConversation: { path: '/users/superhero3/conversation', headers: "-H 'apikey: any-key' -H 'onBehalfOf: superhero4'" },
  listConversations: { path: '/conversations?unread=true', headers: "-H 'apikey: any-key' -H 'onBehalfOf: superhero4'" },
  markUserConversationRead: { path: '/users/superhero3/conversation/read', headers: "-X POST -H 'apikey: any-key' -H 'onBehalfOf: superhero4'" },
};

/** The port of a mock, from `--NAME-port=N`, its env variable, or its default. */
export function port(name: 'commbox' | 'cometchat', argv: string[]): number {
  const flag = argv.find((arg) => arg.startsWith(`--${name}-port=`))?.split('=')[1];
  const value = flag ?? process.env[MOCKED_APIS[name].portEnv] ?? String(MOCKED_APIS[name].defaultPort);
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    throw new RangeError(`${MOCKED_APIS[name].portEnv} must be a port number, got "${value}"`);
  }
  return number;
}

/** The banner: base URLs, one curl per operation, and how to pick a scenario. */
export function banner(mocks: MockServers, dynamic: boolean): string {
  const lines = [
    `conversations-client mock servers${dynamic ? ' (dynamic data)' : ''}`,
    '',
    `  CommBox    ${mocks.commbox.url}`,
    `  CometChat  ${mocks.cometchat.url}`,
    '',
    'Try them (any token or API key is accepted; none answers 401):',
  ];
  for (const operation of mocks.operations) {
    const sample = SAMPLE_REQUESTS[operation.operationId];
    if (sample) lines.push(`  curl ${sample.headers} '${mocks[operation.api].url}${sample.path}'`);
  }
  lines.push('', "Scenarios: add -H 'Prefer: example=NAME', or -H 'Prefer: code=STATUS' for an error:");
  for (const operation of mocks.operations) {
    const examples = operation.examples.length ? `example=${operation.examples.join('|')}   ` : '';
    lines.push(`  ${operation.operationId.padEnd(26)} ${examples}code=${operation.codes.join('|')}`);
  }
  lines.push('', 'Ctrl-C stops both.');
  return lines.join('\n');
}

/**
 * `conversations-mock [--dynamic] [--commbox-port=N] [--cometchat-port=N]`: starts both mocks until Ctrl-C.
 * Resolves to whether they started (a failure is printed and sets the exit code to 1).
 */
export async function runMockCli(argv: string[]): Promise<boolean> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('Usage: conversations-mock [--dynamic] [--commbox-port=4010] [--cometchat-port=4011]\nPorts also come from COMMBOX_MOCK_PORT and COMETCHAT_MOCK_PORT.');
    return false;
  }
  const dynamic = argv.includes('--dynamic');
  let mocks: MockServers;
  try {
    mocks = await startMockServers({ commboxPort: port('commbox', argv), cometchatPort: port('cometchat', argv), dynamic });
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    return false;
  }
  console.log(banner(mocks, dynamic));
  const stop = (): void => {
    void mocks.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return true;
}
