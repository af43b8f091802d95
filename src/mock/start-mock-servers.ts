import { loadPrism, specFile, startFrontedPrism, type Prism, type PrismOperation } from './prism.js';
import { operationExamples } from './stateful/examples.js';
import type { FaultOptions } from './stateful/faults.js';
import { createRandom, seedFor } from './stateful/random.js';
import { MockState } from './stateful/state.js';
import { vendorApi } from './stateful/vendor-apis.js';
import { createWebhookSender, type MockWebhookOptions, type WebhookSender } from './stateful/webhook-sender.js';
import type { StatefulApi } from './stateful/types.js';

export { MockUnavailableError } from './prism.js';

/** The mocked APIs: their spec files (shipped in the package) and default ports. */
export const MOCKED_APIS = {
  commbox: { title: 'CommBox', spec: 'openapi/commbox.yaml', defaultPort: 4010, portEnv: 'COMMBOX_MOCK_PORT' },
  cometchat: { title: 'CometChat', spec: 'openapi/cometchat.yaml', defaultPort: 4011, portEnv: 'COMETCHAT_MOCK_PORT' },
} as const;

/** The name of a mocked API: `commbox` or `cometchat`. */
export type MockedApi = keyof typeof MOCKED_APIS;

/** Options of `startMockServers`. */
export interface MockServerOptions extends FaultOptions {
  /** Port of the CommBox mock; 0 picks a free one. @default 0 */
  commboxPort?: number;
  /** Port of the CometChat mock; 0 picks a free one. @default 0 */
  cometchatPort?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * The default scenario serves generated data (a few hundred conversations with human names,
   * recent dates and small unread counts) instead of the spec examples. @default false
   */
  dynamic?: boolean;
  /** Seeds generated data, live messages and the fail-rate: the same seed, the same data. @default 1 */
  seed?: number;
  /** The time, in milliseconds since the epoch (tests pass a fake clock to move `live` along). @default Date.now */
  clock?: () => number;
  /**
   * Post vendor-shaped webhooks when the state changes (the `live` scenario's new messages, CometChat
   * mark-read): CometChat JSON with Basic auth to `{url}/cometchat`, CommBox XML `Event`s to `{url}/commbox`.
   * `failRate` applies to them too (dropped, duplicated, delayed and so reordered). @default none
   */
  webhooks?: MockWebhookOptions;
}

/** One mocked operation and the scenarios it serves. */
export interface MockOperation {
  api: MockedApi;
  operationId: string;
  method: string;
  path: string;
  /** Names for `Prefer: example=NAME` (2xx examples; the first is the default). */
  examples: string[];
  /** Statuses for `Prefer: code=NNN`. */
  codes: string[];
}

/** The running mocks. */
export interface MockServers {
  commbox: { url: string };
  cometchat: { url: string };
  /** Every mocked operation with its scenarios. */
  operations: MockOperation[];
  /** The seed in use. */
  seed: number;
  /** Forgets one scenario's state (mark-read, live messages), or all of it, as `POST /__mock/reset` does. */
  reset(scenario?: string): void;
  /** Stops both servers. */
  close(): Promise<void>;
}

/** Raised when a mock's port is taken. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly api: MockedApi,
    readonly port: number,
  ) {
    super(
      `Port ${port} is already in use, so the ${MOCKED_APIS[api].title} mock cannot start. Stop what uses it, or set ${MOCKED_APIS[api].portEnv} to another port.`,
    );
  }
}

/** The path of a spec file shipped with the package (found from src/mock/ or dist/ alike). */
export function specPath(api: MockedApi): string {
  return specFile(MOCKED_APIS[api].spec);
}

function describeOperation(api: MockedApi, operation: PrismOperation): MockOperation {
  const examplesOf = (code: string) =>
    operation.responses
      .filter((response) => response.code === code)
      .flatMap((response) => response.contents ?? [])
      .flatMap((content) => content.examples ?? [])
      .map((example) => example.key);
  return {
    api,
    operationId: operation.iid ?? `${operation.method} ${operation.path}`,
    method: operation.method.toUpperCase(),
    path: operation.path,
    examples: operation.responses
      .filter((response) => response.code.startsWith('2'))
      .flatMap((response) => examplesOf(response.code)),
    codes: operation.responses.map((response) => response.code).filter((code) => !code.startsWith('2')),
  };
}

type Started = { url: string; close(): Promise<void>; operations: MockOperation[] };

/** The API's stateful behaviour; CometChat's mark-read also goes out as a read receipt webhook. */
function statefulApi(state: MockState, api: MockedApi, webhooks: WebhookSender | undefined): StatefulApi {
  const inner = vendorApi(state, api);
  if (!webhooks || api !== 'cometchat') return inner;
  return {
    ...inner,
    reply(call) {
      const reply = inner.reply(call);
      const other = call.params.uid ?? call.params.guid;
      if (call.method === 'POST' && call.path.endsWith('/conversation/read') && reply && reply.status < 300 && other) {
        const messageId = String((call.body as { messageId?: unknown } | undefined)?.messageId ?? 'latest');
        webhooks.send({
          api: 'cometchat',
          kind: 'read',
          reader: call.headers.onbehalfof ?? 'app',
          other,
          receiverType: call.params.guid ? 'group' : 'user',
          messageId,
          at: call.now,
        });
      }
      return reply;
    },
  };
}

async function startOne(
  prism: Prism,
  api: MockedApi,
  operations: PrismOperation[],
  port: number,
  options: MockServerOptions & { seed: number },
  state: MockState,
  webhooks?: WebhookSender,
): Promise<Started> {
  const random = createRandom(seedFor(options.seed, 'faults', api));
  try {
    const started = await startFrontedPrism(prism, operations, {
      port,
      host: options.host,
      name: api,
      state: statefulApi(state, api, webhooks),
      faults: options,
      random,
    });
    return { ...started, operations: operations.map((operation) => describeOperation(api, operation)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(api, port);
    throw error;
  }
}

/**
 * Starts mocks of both APIs in this process (Node only): Prism validates requests like the
 * real APIs and supplies the spec examples (pick one with `Prefer: example=NAME`, an error with
 * `Prefer: code=429`); a stateful layer in front keeps per-scenario state, so mark-read shows in
 * later reads, `live` grows unread counts, lists page, and reads answer from the data set.
 * `POST {url}/__mock/reset` (or `reset()`) starts over. CORS is on.
 * @throws {MockUnavailableError} when @stoplight/prism-cli is not installed
 * @throws {PortInUseError} when a port is taken
 * @throws {RangeError} when `seed`, `latencyMs` or `failRate` is out of range
 * @example
 * const mocks = await startMockServers();
 * const commbox = createCommBoxClient({ token: 'any', baseUrl: mocks.commbox.url });
 * await mocks.close();
 */
export async function startMockServers(options: MockServerOptions = {}): Promise<MockServers> {
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed))
    throw new RangeError(`startMockServers: seed must be an integer, got ${String(options.seed)}`);
  const [min, max] = options.latencyMs ?? [0, 0];
  if (!(min >= 0 && max >= min))
    throw new RangeError('startMockServers: latencyMs must be [min, max] milliseconds with 0 <= min <= max');
  if (options.failRate !== undefined && !(options.failRate >= 0 && options.failRate <= 1))
    throw new RangeError('startMockServers: failRate must be from 0 to 1');
  const prism = loadPrism();
  const operations = {
    commbox: await prism.http.getHttpOperationsFromSpec(specPath('commbox')),
    cometchat: await prism.http.getHttpOperationsFromSpec(specPath('cometchat')),
  };
  const webhooks =
    options.webhooks &&
    createWebhookSender(options.webhooks, createRandom(seedFor(seed, 'webhooks', 'all')), options.failRate ?? 0);
  // Both servers share one state: one reset clears both.
  const state = new MockState({
    onLiveMessage: webhooks && ((message) => webhooks.send(message)),
    seed,
    clock: options.clock ?? Date.now,
    dynamic: options.dynamic ?? false,
    examples: { commbox: operationExamples(operations.commbox), cometchat: operationExamples(operations.cometchat) },
  });
  const commbox = await startOne(
    prism,
    'commbox',
    operations.commbox,
    options.commboxPort ?? 0,
    { ...options, seed },
    state,
    webhooks,
  );
  let cometchat: Started;
  try {
    cometchat = await startOne(
      prism,
      'cometchat',
      operations.cometchat,
      options.cometchatPort ?? 0,
      { ...options, seed },
      state,
      webhooks,
    );
  } catch (error) {
    await commbox.close();
    throw error;
  }
  // With webhooks, live messages arrive on their own (not only when read), as a vendor's would.
  const ticker = webhooks && setInterval(() => state.advanceLive(), 1_000);
  ticker?.unref?.();
  return {
    commbox: { url: commbox.url },
    cometchat: { url: cometchat.url },
    operations: [...commbox.operations, ...cometchat.operations],
    seed,
    reset: (scenario) => state.reset(scenario),
    close: async () => {
      if (ticker) clearInterval(ticker);
      webhooks?.close();
      await Promise.all([commbox.close(), cometchat.close()]);
    },
  };
}
