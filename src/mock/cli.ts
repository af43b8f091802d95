import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MOCK_VENDORS } from '../vendors/mock-vendors.js';
import {
  MOCKED_APIS,
  startMockServers,
  type MockedApi,
  type MockServerOptions,
  type MockServers,
} from './start-mock-servers.js';
import { RESET_PATH } from './stateful/front-server.js';
import { parseFailRate, parseLatency, FAULT_HEADERS } from './stateful/faults.js';
import { GENERATED_SCENARIOS } from './stateful/scenario.js';
import { busyPorts, describeBusyPorts, type PortClaim } from './ports.js';

/** The flags the mock takes, as `node:util` `parseArgs` options. */
const FLAGS = {
  dynamic: { type: 'boolean' },
  seed: { type: 'string' },
  latency: { type: 'string' },
  'fail-rate': { type: 'string' },
  ...(Object.fromEntries(MOCK_VENDORS.map(({ id }) => [`${id}-port`, { type: 'string' }])) as PortFlags),
  'webhook-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** A `--{id}-port` flag per mocked vendor. */
type PortFlags = { readonly [Api in MockedApi as `${Api}-port`]: { readonly type: 'string' } };

/** The usage line of the mock's flags. */
export const MOCK_USAGE = [
  '[--dynamic] [--seed N] [--latency 200-600] [--fail-rate 0.1]',
  ...MOCK_VENDORS.map(({ id, defaultPort }) => `[--${id}-port=${defaultPort}]`),
  '[--webhook-url http://127.0.0.1:4000/api/inbox/webhooks]',
].join(' ');

/** `A`, `A and B`, `A, B and C`. */
const inWords = (items: readonly string[]): string =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');

/** `{id}Port` per mocked vendor. */
type PortOptions = { [Api in MockedApi as `${Api}Port`]: number };

type FlagValues = { [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]['type'] extends 'string' ? string : boolean };

/**
 * The flags of `argv` (`--name=value` or `--name value`), read by `node:util` `parseArgs`; anything but
 * the known flags is refused, naming the argument as typed.
 * @throws {RangeError} for an unknown flag or argument (e.g. `--port`), or a flag without its value
 */
function readFlags(argv: string[], program = 'conversations-mock'): FlagValues {
  const { values, tokens } = parseArgs({
    args: argv,
    options: FLAGS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    const typed = argv[token.index]!;
    if (token.kind !== 'option' || (!token.rawName.startsWith('--') && token.name !== 'help')) {
      throw new RangeError(`${program}: unknown argument "${typed}". It takes: ${MOCK_USAGE}`);
    }
    if (!Object.hasOwn(FLAGS, token.name))
      throw new RangeError(`${program}: unknown flag "${typed}". It takes: ${MOCK_USAGE}`);
    const takesValue = FLAGS[token.name as keyof typeof FLAGS].type === 'string';
    if (takesValue && (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))))
      throw new RangeError(`--${token.name} needs a value`);
  }
  return values as FlagValues;
}

/** The port of a mock, from `--NAME-port=N` (or `--NAME-port N`), its env variable, or its default; errors name where it came from. */
export function port(name: MockedApi, argv: string[], env: Record<string, string | undefined> = process.env): number {
  const fromFlag = readFlags(argv)[`${name}-port`];
  const value = fromFlag ?? env[MOCKED_APIS[name].portEnv] ?? String(MOCKED_APIS[name].defaultPort);
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < 0 || number > 65535) {
    throw new RangeError(
      `${fromFlag === undefined ? MOCKED_APIS[name].portEnv : `--${name}-port`} must be a port number, got "${value}"`,
    );
  }
  return number;
}

/**
 * The mock's options from command-line arguments and the environment:
 * `--dynamic`, `--seed N`, `--latency 200-600`, `--fail-rate 0.1`, `--commbox-port=N`, `--cometchat-port=N`,
 * `--webhook-url URL` (post vendor webhooks there, with the mock's default credentials).
 * Without `--seed`, a random seed is picked (the banner prints it, to replay the same data).
 * @throws {RangeError} naming the flag or variable that is out of range, or an unknown flag as typed
 */
export function parseMockArgs(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  program = 'conversations-mock',
): MockServerOptions & { seed: number } {
  const flags = readFlags(argv, program);
  const seedText = flags.seed;
  const seed = seedText === undefined ? Math.floor(Math.random() * 100_000) : Number(seedText);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`--seed must be an integer, got "${seedText}"`);
  const latency = flags.latency;
  const failRate = flags['fail-rate'];
  const webhookUrl = flags['webhook-url'];
  if (webhookUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(webhookUrl))
    throw new RangeError(`--webhook-url must be an http(s) URL, got "${webhookUrl}"`);
  return {
    ...(webhookUrl === undefined ? {} : { webhooks: { url: webhookUrl } }),
    ...(Object.fromEntries(MOCK_VENDORS.map(({ id }) => [`${id}Port`, port(id, argv, env)])) as PortOptions),
    dynamic: flags.dynamic === true,
    seed,
    ...(latency === undefined ? {} : { latencyMs: parseLatency(latency) }),
    ...(failRate === undefined ? {} : { failRate: parseFailRate(failRate) }),
  };
}

/** The banner: base URLs, one curl per operation, and how to pick a scenario. */
export function banner(
  mocks: MockServers,
  dynamic: boolean,
  options: Pick<MockServerOptions, 'latencyMs' | 'failRate'> = {},
): string {
  const knobs = [
    dynamic ? 'generated data' : '',
    `seed ${mocks.seed}`,
    options.latencyMs ? `latency ${options.latencyMs[0]}-${options.latencyMs[1]} ms` : '',
    options.failRate ? `fail-rate ${options.failRate}` : '',
  ].filter(Boolean);
  const samples = new Map(MOCK_VENDORS.flatMap((vendor) => Object.entries(vendor.samples ?? {})));
  const lines = [
    `conversations-client mock servers (${knobs.join(', ')})`,
    '',
    ...MOCK_VENDORS.map(({ id, title }) => `  ${title.padEnd(11)}${mocks[id].url}`),
    '',
    'Try them (any token or API key is accepted; none answers 401):',
  ];
  for (const operation of mocks.operations) {
    const sample = samples.get(operation.operationId);
    if (sample) lines.push(`  curl ${sample.headers} '${mocks[operation.api].url}${sample.path}'`);
  }
  lines.push('', "Scenarios: add -H 'Prefer: example=NAME', or -H 'Prefer: code=STATUS' for an error:");
  for (const operation of mocks.operations) {
    const examples = operation.examples.length ? `example=${operation.examples.join('|')}   ` : '';
    lines.push(`  ${operation.operationId.padEnd(26)} ${examples}code=${operation.codes.join('|')}`);
  }
  lines.push(
    '',
    'Stateful scenarios (every operation; also ?scenario=NAME): marking a conversation read shows in every later read.',
    ...Object.entries(GENERATED_SCENARIOS).map(([name, what]) => `  example=${name.padEnd(8)} ${what}`),
    `  default: ${dynamic ? 'generated data (this seed)' : 'the first example of each operation'}`,
    // Any mock's reset clears every vendor's state.
    `Start over: curl -X POST '${mocks[MOCK_VENDORS.at(-1)!.id].url}${RESET_PATH}' (${MOCK_VENDORS.length === 2 ? 'both' : 'all'} APIs; ?scenario=NAME for one)`,
    `Per request: -H '${FAULT_HEADERS.latency}: 200-600', -H '${FAULT_HEADERS.failRate}: 0.5', -H '${FAULT_HEADERS.fail}: 429|500|drop'`,
  );
  return lines.join('\n');
}

/** Options of {@link runMockCli}. */
export interface MockCliOptions {
  /** The command's name in messages. @default 'conversations-mock' */
  program?: string;
  /** More ports the command will listen on: checked with the mocks' before anything starts. */
  extraPorts?: PortClaim[];
  /** The banner's last line. @default 'Ctrl-C stops both mock servers.' */
  footer?: string;
  /** Where progress and the banner go. @default console.log */
  log?: (line: string) => void;
}

/**
 * `conversations-mock [--dynamic] [--seed N] [--latency MIN-MAX] [--fail-rate R] [--commbox-port=N] [--cometchat-port=N]`: starts both mocks until Ctrl-C.
 * Every port (the mocks' and `extraPorts`) is checked at once before anything starts; all taken ones are reported together.
 * Resolves to the running mocks, or undefined when they did not start (a failure is printed and sets the exit code to 1).
 */
export async function runMockCli(argv: string[], options: MockCliOptions = {}): Promise<MockServers | undefined> {
  const {
    program = 'conversations-mock',
    extraPorts = [],
    footer = 'Ctrl-C stops both mock servers.',
    log = console.log,
  } = options;
  if (argv.includes('--help') || argv.includes('-h')) {
    log(
      `Usage: ${program} ${MOCK_USAGE}\nPorts also come from ${inWords(MOCK_VENDORS.map(({ portEnv }) => portEnv))}.`,
    );
    return undefined;
  }
  let mocks: MockServers;
  let parsed: ReturnType<typeof parseMockArgs>;
  try {
    parsed = parseMockArgs(argv, process.env, program);
    const claims: PortClaim[] = MOCK_VENDORS.map(({ id, title, portEnv }) => ({
      port: parsed[`${id}Port`]!,
      host: parsed.host,
      what: `the ${title} mock`,
      change: portEnv,
    }));
    const busy = await busyPorts([...claims, ...extraPorts]);
    if (busy.length) throw new Error(describeBusyPorts(busy));
    log(`Starting the ${inWords(MOCK_VENDORS.map(({ title }) => title))} mocks (Prism)…`);
    mocks = await startMockServers(parsed);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
    return undefined;
  }
  const stop = (): void => {
    void mocks.close().then(() => process.exit(0));
  };
  // Before the banner: whoever reads it may press Ctrl-C at once.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log(banner(mocks, parsed.dynamic ?? false, parsed));
  if (footer) log(`\n${footer}`);
  return mocks;
}
