import { isAbsolute } from 'node:path';
import { MOCK_VENDORS, type ListedMockVendor } from '../vendors/mock-vendors.js';
import { MOCKED_APIS, type MockedApi, type MockWebhookOptions, type MockWebhookOptionsOf } from './mocked-apis.js';
import type { AnyMockVendor, MockCredentials, MockIdOf, MockPortOptionsOf, MockUrlsOf } from './mock-vendor.js';
import { loadPrism, specFile, startFrontedPrism, type Prism, type PrismOperation } from './prism.js';
import { operationExamples } from './stateful/examples.js';
import type { FaultOptions } from './stateful/faults.js';
import { createRandom, seedFor } from './stateful/random.js';
import { MockState } from './stateful/state.js';
import { createWebhookSender } from './stateful/webhook-sender.js';

export { MockUnavailableError } from './prism.js';
export { MOCKED_APIS, type MockedApi } from './mocked-apis.js';

/** What `startMockServers` takes besides the vendors' ports and webhook credentials. */
export interface MockServerCommonOptions extends FaultOptions {
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
}

/** The options of mocks of a list of vendors: `{id}Port` for each, and webhooks with each one's credentials. */
export type MockServerOptionsOf<V extends AnyMockVendor> = MockServerCommonOptions &
  MockPortOptionsOf<V> & { webhooks?: MockWebhookOptionsOf<V> };

/**
 * Options of `startMockServers`: `commboxPort` and `cometchatPort` (each mock's port; 0, the default,
 * picks a free one), `host`, `dynamic`, `seed`, `clock`, `webhooks`, `latencyMs` and `failRate`.
 */
export interface MockServerOptions extends MockServerCommonOptions, MockPortOptionsOf<ListedMockVendor> {
  /**
   * Post vendor-shaped webhooks when the state changes (the `live` scenario's new messages, CometChat
   * mark-read): CometChat JSON with Basic auth to `{url}/cometchat`, CommBox XML `Event`s to `{url}/commbox`.
   * `failRate` applies to them too (dropped, duplicated, delayed and so reordered). @default none
   */
  webhooks?: MockWebhookOptions;
}

/** One mocked operation and the scenarios it serves. */
export interface MockOperation<Api extends string = MockedApi> {
  api: Api;
  operationId: string;
  method: string;
  path: string;
  /** Names for `Prefer: example=NAME` (2xx examples; the first is the default). */
  examples: string[];
  /** Statuses for `Prefer: code=NNN`. */
  codes: string[];
}

/** What running mocks of any list offer besides each vendor's URL. */
export interface MockServersCommon<Api extends string = MockedApi> {
  /** Every mocked operation with its scenarios. */
  operations: MockOperation<Api>[];
  /** The seed in use. */
  seed: number;
  /** Forgets one scenario's state (mark-read, live messages), or all of it, as `POST /__mock/reset` does. */
  reset(scenario?: string): void;
  /** Stops every server. */
  close(): Promise<void>;
}

/** Running mocks of a list of vendors: `{ [id]: { url } }` and the common parts. */
export type MockServersOf<V extends AnyMockVendor> = MockUrlsOf<V> & MockServersCommon<MockIdOf<V>>;

/**
 * The running mocks: `commbox.url` and `cometchat.url` (each a client's `baseUrl`), their operations,
 * the seed, `reset()` and `close()`.
 */
export interface MockServers extends MockUrlsOf<ListedMockVendor>, MockServersCommon {}

/** Raised when a mock's port is taken. */
export class PortInUseError<Api extends string = MockedApi> extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly api: Api,
    readonly port: number,
    about: { title: string; portEnv: string } = MOCKED_APIS[api as string as MockedApi],
  ) {
    super(
      `Port ${port} is already in use, so the ${about.title} mock cannot start. Stop what uses it, or set ${about.portEnv} to another port.`,
    );
  }
}

/** The path of a vendor's spec: shipped with the package (found from src/mock/ or dist/ alike), or absolute. */
function specOf(vendor: Pick<AnyMockVendor, 'spec'>): string {
  return isAbsolute(vendor.spec) ? vendor.spec : specFile(vendor.spec);
}

/** The path of a spec file shipped with the package (found from src/mock/ or dist/ alike). */
export function specPath(api: MockedApi): string {
  return specOf(MOCKED_APIS[api]);
}

function describeOperation<Api extends string>(api: Api, operation: PrismOperation): MockOperation<Api> {
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

type Started<Api extends string> = { url: string; close(): Promise<void>; operations: MockOperation<Api>[] };

async function startOne<Api extends string>(
  prism: Prism,
  vendor: AnyMockVendor & { id: Api },
  operations: PrismOperation[],
  port: number,
  options: MockServerCommonOptions & { seed: number },
  state: MockState,
): Promise<Started<Api>> {
  const random = createRandom(seedFor(options.seed, 'faults', vendor.id));
  try {
    const started = await startFrontedPrism(prism, operations, {
      port,
      host: options.host,
      name: vendor.id,
      state: state.api(vendor.id),
      faults: options,
      random,
    });
    return { ...started, operations: operations.map((operation) => describeOperation(vendor.id, operation)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortInUseError(vendor.id, port, vendor);
    throw error;
  }
}

/** Keys a vendor id may not take: the result's own members, and `url` of the webhook options. */
const RESERVED_IDS = new Set(['operations', 'seed', 'reset', 'close', 'url']);

/** The vendors' ids, checked: lower-case words, none reserved, none twice. */
function checkVendors(vendors: readonly AnyMockVendor[]): void {
  const seen = new Set<string>();
  for (const { id } of vendors) {
    if (!/^[a-z][a-z0-9]*$/.test(id) || RESERVED_IDS.has(id) || seen.has(id))
      throw new RangeError(
        `startMockServers: a vendor id must be a distinct lower-case word other than ${[...RESERVED_IDS].join(', ')}; got "${id}"`,
      );
    seen.add(id);
  }
}

/**
 * Starts mocks of every vendor of a list (the one list is `MOCK_VENDORS`; see {@link startMockServers}):
 * one fronted Prism per vendor, over one state (one seed, one clock; one reset clears all).
 * @throws {MockUnavailableError} when @stoplight/prism-cli is not installed
 * @throws {PortInUseError} when a port is taken (the mocks started so far are closed)
 * @throws {RangeError} when `seed`, `latencyMs` or `failRate` is out of range, or a vendor id is unusable
 */
export async function startMockServersOver<const V extends AnyMockVendor>(
  vendors: readonly V[],
  options: MockServerOptionsOf<V> = {},
): Promise<MockServersOf<V>> {
  type Api = MockIdOf<V>;
  checkVendors(vendors);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed))
    throw new RangeError(`startMockServers: seed must be an integer, got ${String(options.seed)}`);
  const [min, max] = options.latencyMs ?? [0, 0];
  if (!(min >= 0 && max >= min))
    throw new RangeError('startMockServers: latencyMs must be [min, max] milliseconds with 0 <= min <= max');
  if (options.failRate !== undefined && !(options.failRate >= 0 && options.failRate <= 1))
    throw new RangeError('startMockServers: failRate must be from 0 to 1');
  const ports = options as Record<string, number | undefined>;
  const prism = loadPrism();
  const operations: Record<string, PrismOperation[]> = {};
  for (const vendor of vendors) operations[vendor.id] = await prism.http.getHttpOperationsFromSpec(specOf(vendor));
  const webhookOptions = options.webhooks;
  // By vendor id (`url` is no vendor's: see checkVendors).
  const credentials = webhookOptions as Readonly<Record<string, MockCredentials | undefined>> | undefined;
  const webhooks =
    webhookOptions &&
    createWebhookSender(
      {
        url: webhookOptions.url,
        credentials: Object.fromEntries(vendors.map((vendor) => [vendor.id, credentials?.[vendor.id]])),
      },
      createRandom(seedFor(seed, 'webhooks', 'all')),
      options.failRate ?? 0,
    );
  // Every server shares one state: one reset clears them all.
  const state = new MockState({
    vendors,
    examples: Object.fromEntries(vendors.map((vendor) => [vendor.id, operationExamples(operations[vendor.id]!)])),
    onEvent: webhooks && ((vendor, event) => webhooks.send(vendor, event)),
    seed,
    clock: options.clock ?? Date.now,
    dynamic: options.dynamic ?? false,
  });
  const started: Started<Api>[] = [];
  try {
    for (const vendor of vendors) {
      const port = ports[`${vendor.id}Port`] ?? 0;
      started.push(await startOne<Api>(prism, vendor, operations[vendor.id]!, port, { ...options, seed }, state));
    }
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
  // With webhooks, live messages arrive on their own (not only when read), as a vendor's would.
  const ticker = webhooks && setInterval(() => state.advanceLive(), 1_000);
  ticker?.unref?.();
  const urls = Object.fromEntries(vendors.map((vendor, index) => [vendor.id, { url: started[index]!.url }]));
  return {
    ...(urls as MockUrlsOf<V>),
    operations: started.flatMap((server) => server.operations),
    seed,
    reset: (scenario) => state.reset(scenario),
    close: async () => {
      if (ticker) clearInterval(ticker);
      webhooks?.close();
      await Promise.all(started.map((server) => server.close()));
    },
  };
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
export function startMockServers(options: MockServerOptions = {}): Promise<MockServers> {
  return startMockServersOver(MOCK_VENDORS, options);
}
