import type { OperationCall, OperationExamples, Reply } from './stateful/types.js';

/**
 * What the shared mock gives one vendor's state: the seed, the injected clock, that vendor's
 * operations with their examples, and where its events go (the webhook sender, when there is one).
 * @typeParam Event what the vendor's state reports (a live message, a mark-read), for its webhook part
 */
export interface MockVendorContext<Event> {
  /** Seeds generated data and live messages (mixed with the vendor's own labels). */
  readonly seed: number;
  /** This vendor's operations with their examples, as Prism read them from its spec. */
  readonly examples: OperationExamples[];
  /** Milliseconds since the epoch, from the injected clock. */
  now(): number;
  /** Whether the scenario is served from generated data (`live`, `many`, and the default with `dynamic`). */
  generated(scenario: string): boolean;
  /** Where generated data ends: the start of the current UTC day, so one seed serves the same data all day. */
  anchor(): number;
  /** Reports an event of the state (posted as the vendor's webhook when the mock has webhooks; else dropped). */
  emit(event: Event): void;
}

/** One vendor's stateful behaviour over its data sets (one per scenario, made on first use). */
export interface MockVendorState {
  /** The answer to an accepted request, from the scenario's data (undefined: Prism's answer stands). */
  reply(call: OperationCall): Reply;
  /** Forgets one scenario's data sets, or all of them: the next request starts over. */
  reset(scenario?: string): void;
  /** Delivers the `live` messages due by now in every live data set made so far (the webhook ticker). */
  advanceLive(): void;
}

/** Basic-auth credentials of a vendor's webhooks. */
export interface MockCredentials {
  username: string;
  password: string;
}

/** A vendor-shaped webhook delivery: posted to `{webhooks.url}/{path}`. */
export interface MockWebhookRequest {
  /** The route under the receiver's base URL, e.g. `cometchat`. */
  path: string;
  /** Content type and authorization, as the vendor sends them. */
  headers: Record<string, string>;
  body: string;
}

/** How a vendor's events become its webhooks. */
export interface MockWebhookPart<Event> {
  /** The mock's default credentials for this vendor (development only). */
  readonly credentials: MockCredentials;
  /** The delivery of one event, signed with `credentials`. */
  request(event: Event, credentials: MockCredentials): MockWebhookRequest;
}

/**
 * What the mock needs of one vendor: its spec and port, its state, its throttling headers and its
 * webhooks. Each vendor implements it in `src/vendors/<name>/mock/`; the mock loops over a list of
 * these (`MOCK_VENDORS`, `src/vendors/mock-vendors.ts`).
 * @typeParam Id the vendor's id (the `MockServers` key, `{id}Port` option, `--{id}-port` flag)
 * @typeParam Event what its state reports to its webhook part
 */
export interface MockVendor<Id extends string = string, Event = never> {
  readonly id: Id;
  /** Its name in messages and the banner, e.g. `CommBox`. */
  readonly title: string;
  /** Its OpenAPI file: relative to the package root (shipped in it), or an absolute path. */
  readonly spec: string;
  /** The command's port when neither the flag nor {@link portEnv} names one. */
  readonly defaultPort: number;
  /** The environment variable of the command's port, e.g. `COMMBOX_MOCK_PORT`. */
  readonly portEnv: string;
  /** Ready-to-paste requests for the banner, by operationId: a path and curl's header flags. @default none */
  readonly samples?: Readonly<Record<string, { path: string; headers: string }>>;
  /** Its state over the shared clock and seed (one per mock process; `reset` drops its data sets). */
  createState(context: MockVendorContext<Event>): MockVendorState;
  /** Headers a 429 fault adds besides `Retry-After` (the vendor's own reset or wait header). @default none */
  rateLimitHeaders?(retryAfterSeconds: number, now: number): Record<string, string>;
  /** How its events become webhooks; absent when the mock posts none for it. */
  readonly webhook?: MockWebhookPart<Event>;
}

/** Any mock vendor, whatever its id and events. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyMockVendor = MockVendor<string, any>;

/** The ids of a list's vendors (a union). */
export type MockIdOf<V extends AnyMockVendor> = V['id'];

/** What `MOCKED_APIS` says of each vendor: `{ [id]: { title, spec, defaultPort, portEnv } }`. */
export type MockedApisOf<V extends AnyMockVendor> = {
  readonly [X in V as X['id']]: {
    readonly title: X['title'];
    readonly spec: X['spec'];
    readonly defaultPort: X['defaultPort'];
    readonly portEnv: X['portEnv'];
  };
};

// TypeScript shows no JSDoc for keys a mapped type renames (`${id}Port`): the types that use these
// describe the keys in their own JSDoc, which hovers do show.

/** The port options of a list: `{ [`${id}Port`]?: number }` (0 picks a free port; the default). */
export type MockPortOptionsOf<V extends AnyMockVendor> = {
  [X in V as `${X['id']}Port`]?: number;
};

/** The running mocks' base URLs (a client's `baseUrl`): `{ [id]: { url } }`. */
export type MockUrlsOf<V extends AnyMockVendor> = {
  [X in V as X['id']]: { url: string };
};

/** The vendors of a list that post webhooks. */
export type WebhookVendorOf<V extends AnyMockVendor> = V extends { webhook: MockWebhookPart<never> } ? V : never;

/**
 * The webhook credentials of a list: `{ [id]?: { username, password } }` for each vendor that posts
 * webhooks (absent: `MOCK_WEBHOOK_CREDENTIALS[id]`).
 */
export type MockWebhookCredentialOptionsOf<V extends AnyMockVendor> = {
  [X in WebhookVendorOf<V> as X['id']]?: MockCredentials;
};

/** The default webhook credentials of a list: `{ [id]: { username, password } }`. */
export type MockWebhookCredentialsOf<V extends AnyMockVendor> = {
  readonly [X in WebhookVendorOf<V> as X['id']]: X['webhook']['credentials'];
};

/** `Authorization: Basic …` for a vendor's webhook credentials. */
export function basicAuth({ username, password }: MockCredentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
