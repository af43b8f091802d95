import { loadPrism, specFile, startFrontedPrism } from './prism.js';
import { operationExamples } from './stateful/examples.js';
import type { FaultOptions } from './stateful/faults.js';
import { inboxApi } from './stateful/inbox-api.js';
import { createRandom, seedFor } from './stateful/random.js';

/** Options of {@link startInboxApiMock}. */
export interface InboxApiMockOptions extends FaultOptions {
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Seeds the fail-rate. @default 1 */
  seed?: number;
  /** @default Date.now */
  clock?: () => number;
}

/** The running mock of the inbox API. */
export interface InboxApiMock {
  /** The base URL: `GET {url}/summary`, `POST {url}/conversations/{provider}/{id}/read`. */
  url: string;
  /** The scenarios, for `Prefer: example=NAME` (or `?scenario=NAME`): the summary's examples, the first the default. */
  scenarios: string[];
  /** Forgets one scenario's mark-reads, or all of them, as `POST {url}/__mock/reset` does. */
  reset(scenario?: string): void;
  close(): Promise<void>;
}

/**
 * Starts a mock of the inbox API (`openapi/inbox.yaml`, what `createInboxHandler` serves) for
 * frontend work without the vendor mocks: Prism validates requests (any `session` cookie) and
 * supplies the examples (`Prefer: example=NAME`); marking a CometChat conversation read sets it to 0
 * and lowers the totals in later summaries (CommBox answers 501); `If-None-Match` gets 304; `HEAD /summary`
 * answers like GET without a body; headers carry the spec's example values (`cache-control: private, no-cache`,
 * `retry-after: 30`); CORS echoes the request's origin with credentials allowed.
 * @throws {MockUnavailableError} when @stoplight/prism-cli is not installed
 * @throws {Error} with code `EADDRINUSE` when the port is taken
 * @example
 * const mock = await startInboxApiMock({ port: 4012 });
 * const inbox = createInboxClient({ baseUrl: mock.url });
 */
export async function startInboxApiMock(options: InboxApiMockOptions = {}): Promise<InboxApiMock> {
  const prism = loadPrism();
  const operations = await prism.http.getHttpOperationsFromSpec(specFile('openapi/inbox.yaml'));
  const examples = operationExamples(operations);
  const state = inboxApi(examples, options.clock ?? Date.now);
  const summary = examples.find((operation) => operation.method === 'GET' && operation.path.endsWith('/summary'));
  const started = await startFrontedPrism(prism, operations, {
    port: options.port ?? 0,
    host: options.host,
    name: 'inbox',
    state,
    faults: options,
    random: createRandom(seedFor(options.seed ?? 1, 'faults', 'inbox')),
  });
  return {
    url: started.url,
    scenarios: [...(summary?.success.keys() ?? [])],
    reset: (scenario) => state.reset(scenario),
    close: started.close,
  };
}
