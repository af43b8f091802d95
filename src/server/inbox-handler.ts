import { durationMs, optionalObject, fail } from '../core/validate.js';
import { createHandlerTelemetry, type InboxHandlerEvent, type RequestTelemetry } from '../internal/telemetry.js';
import { anyOf } from '../inbox/inbox.js';
import type { AnyProviderAdapter, ClientOptionsOf, InboxUserOf } from '../inbox/provider-adapter.js';
import { PROVIDER_ADAPTERS, type HandlerClientOptions, type InboxUser, type Provider } from '../vendors/providers.js';
import { allowedOriginsOf, isSameOriginRequest } from './csrf.js';
import { markReadResponse } from './mark-read.js';
import { createProviderSource, type ProviderSource } from './provider-source.js';
import { accountOf, isInboxUser } from './providers.js';
import { problem } from './responses.js';
import { createSafeStore } from './safe-store.js';
import { createMemoryStore, type InboxStore } from './store.js';
import { createHandlerLive } from './live/handler-live.js';
import { isUnavailable, summaryResponse, toSummary } from './summary-response.js';
import {
  createHandlerWebhooks,
  webhookSettings,
  type InboxChanges,
  type WebhookOptions,
  type WebhookOptionsOver,
} from './webhooks/index.js';
import type { WebhookReceiver } from './webhooks/receiver.js';

/** Where a reported error comes from. */
export type InboxHandlerErrorSource = 'store' | 'resolveUser' | 'handler' | 'webhook';

/**
 * Options of {@link createInboxHandler}. Each vendor (`commbox`, `cometchat`: the list of `src/vendors/providers.ts`)
 * is read with the client you already have, `{ client }` (its retry settings do not matter: see `vendorTimeoutMs`);
 * CometChat on behalf of the visitor's `uid`.
 */
export interface InboxHandlerOptions extends HandlerClientOptions {
  /**
   * Who the visitor is at each vendor, from the site's own authentication (a session cookie, a JWT),
   * or `null` for a visitor who is not signed in (401). The browser never supplies vendor ids.
   */
  resolveUser: (request: Request) => InboxUser | null | undefined | Promise<InboxUser | null | undefined>;
  /** How long `resolveUser` may take before the request is answered 503 (and `onError` hears of it). @default 10000 */
  resolveUserTimeoutMs?: number;
  /**
   * Origins other than the handler's own whose pages may mark conversations read (e.g. `https://shop.example`
   * when the API is on `api.shop.example`). Checked against `Origin` when `Sec-Fetch-Site` is missing or not same-origin.
   * @default []
   */
  allowedOrigins?: string[];
  /** Where the API is mounted. @default '/api/inbox' */
  basePath?: string;
  /**
   * Vendor webhooks in: `POST {basePath}/webhooks/cometchat` and `POST {basePath}/webhooks/commbox`
   * (see README "Real-time updates"). Events are hints: they mark reads stale, REST stays the truth.
   */
  webhooks?: WebhookOptions;
  /** How long a provider's read is reused. @default 15000, or `webhooks.reconcileMs` (300000) with webhooks */
  cacheTtlMs?: number;
  /** How long the last good read may be served, marked `stale`, while a vendor is throttled or failing. @default 600000 */
  staleTtlMs?: number;
  /** The state shared between requests (and instances). @default an in-memory store of 10,000 entries */
  store?: InboxStore;
  /** Deadline of one vendor read (all its pages) in a request; no retries inside it. @default 5000 */
  vendorTimeoutMs?: number;
  /** How long a store call may take before the handler carries on without shared state. @default 500 */
  storeTimeoutMs?: number;
  /** The throttle window after a 429 that names no wait (`Retry-After`, `X-Rate-Limit-Reset`). @default 30000 */
  defaultRetryAfterMs?: number;
  /**
   * After a vendor answers 5xx, times out or cannot be reached: how long that account's reads answer the
   * failure at once (the last good data, marked `stale`) instead of calling it again. @default 5000
   */
  failureWindowMs?: number;
  /** Send each conversation's vendor object as `raw` (decided by this option alone, whatever a shared store holds). @default false */
  includeRaw?: boolean;
  /**
   * Hears of a store outage (once per outage and kind of failure, then once more with `recovered: true` and a
   * `StoreRecoveredError` when it ends), a `resolveUser` that throws, times out or returns something that is not
   * an `InboxUser`, or an unexpected error. Never of a secret or of conversation data.
   */
  onError?: (error: Error, context: InboxHandlerErrorContext) => void;
  /**
   * Hears what the OpenTelemetry spans and metrics record (see README "Observability"), for applications
   * without OpenTelemetry: each request (route template, status, cache outcome), cache hits and misses,
   * throttle windows, store outages and recoveries. Called synchronously; never with a secret or a user id.
   */
  onEvent?: (event: InboxHandlerEvent) => void;
  /** The clock, in epoch ms (tests pass a fake one; the default store uses it too). @default Date.now */
  now?: () => number;
}

/** What `onError` is told besides the error: where it comes from; `recovered: true` when a store outage ended. */
export interface InboxHandlerErrorContext {
  source: InboxHandlerErrorSource;
  recovered?: boolean;
}

/** A Fetch API handler: `(request) => Promise<Response>`, with its server-side change API. */
export type InboxHandler = ((request: Request) => Promise<Response>) & {
  changes: InboxChanges;
  /** Closes every `GET /events` stream of this instance (graceful shutdown); the store and its feed stay open. */
  closeLive(): void;
};

const WHERE = 'createInboxHandler';
const MARK_READ = /^\/conversations\/([^/]+)\/([^/]+)\/read$/;

/**
 * Creates the server half of the inbox: `GET {basePath}/summary` and
 * `POST {basePath}/conversations/{provider}/{id}/read` (see `openapi/inbox.yaml`), keeping the vendor
 * keys on the server. Reads are cached, coalesced per user, and never sent to a throttled vendor account.
 * Runs wherever the Fetch API does; mount it in node:http or Express with `toNodeListener`.
 * @throws {TypeError|RangeError} for a missing provider or `resolveUser`, or a bad option, naming it
 * @example
 * const handler = createInboxHandler({
 *   commbox: { client: commbox },
 *   cometchat: { client: cometchat },
 *   resolveUser: async (request) => ({ commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } }),
 * });
 */
export function createInboxHandler(options: InboxHandlerOptions): InboxHandler {
  return createInboxHandlerOver(PROVIDER_ADAPTERS, options);
}

/**
 * {@link InboxHandlerOptions} for the vendors of a list of adapters: `{ [provider]?: { client } }`, `resolveUser`
 * giving their users, and `webhooks` with the auth of each of them that posts webhooks.
 */
export type InboxHandlerOptionsOver<A extends AnyProviderAdapter> = Omit<
  InboxHandlerOptions,
  Provider | 'resolveUser' | 'webhooks'
> &
  ClientOptionsOf<A> & {
    resolveUser: (request: Request) => InboxUserOf<A> | null | undefined | Promise<InboxUserOf<A> | null | undefined>;
    /** As {@link InboxHandlerOptions.webhooks}, over these vendors. */
    webhooks?: WebhookOptionsOver<A>;
  };

/**
 * {@link createInboxHandler} over the vendors of `adapters` (the public one passes the list of `src/vendors/providers.ts`).
 * @throws {TypeError|RangeError} as `createInboxHandler` does
 */
export function createInboxHandlerOver<A extends AnyProviderAdapter>(
  adapters: readonly A[],
  options: InboxHandlerOptionsOver<A>,
): InboxHandler {
  optionalObject(options, 'options', WHERE);
  const given = (options ?? {}) as Record<string, { client?: unknown } | undefined>;
  const configured = adapters.filter((adapter) => given[adapter.provider]);
  const providers = adapters.map((adapter) => adapter.provider);
  if (configured.length === 0) fail(TypeError, WHERE, 'options', `needs ${anyOf(providers)}`);
  if (typeof options.resolveUser !== 'function') fail(TypeError, WHERE, 'resolveUser', 'must be a function');
  const basePath = options.basePath ?? '/api/inbox';
  if (typeof basePath !== 'string' || !/^(\/[^/?#]+)*$/.test(basePath))
    fail(TypeError, WHERE, 'basePath', 'must be a path like "/api/inbox" (no trailing slash)', basePath);
  // Every duration becomes a timer somewhere: 1 … 2³¹−1 ms.
  const positive = (name: keyof Omit<InboxHandlerOptions, Provider>, fallback: number) =>
    options[name] === undefined ? fallback : durationMs(options[name], name, WHERE);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail(TypeError, WHERE, 'now', 'must be a function');
  const onError = (error: Error, source: InboxHandlerErrorSource, recovered?: boolean) => {
    try {
      options.onError?.(error, recovered ? { source, recovered } : { source });
    } catch {
      // A failing logger must not fail the request.
    }
  };
  const hooks = options.webhooks === undefined ? undefined : webhookSettings(adapters, options.webhooks);
  if (options.onEvent !== undefined && typeof options.onEvent !== 'function')
    fail(TypeError, WHERE, 'onEvent', 'must be a function');
  const telemetry = createHandlerTelemetry(options.onEvent);
  const onStoreError = (error: Error, recovered?: boolean) => {
    telemetry.store(recovered === true);
    onError(error, 'store', recovered);
  };
  const settings = {
    // A shared store's outage falls back to this process's own memory store (per-instance behaviour).
    store: createSafeStore(
      options.store ?? createMemoryStore({ now }),
      positive('storeTimeoutMs', 500),
      onStoreError,
      options.store ? createMemoryStore({ now }) : undefined,
      now,
    ),
    now,
    cacheTtlMs: positive('cacheTtlMs', hooks ? hooks.reconcileMs : 15_000),
    staleTtlMs: positive('staleTtlMs', Math.max(600_000, hooks?.reconcileMs ?? 0)),
    vendorTimeoutMs: positive('vendorTimeoutMs', 5_000),
    defaultRetryAfterMs: positive('defaultRetryAfterMs', 30_000),
    failureWindowMs: positive('failureWindowMs', 5_000),
    includeRaw: options.includeRaw === true,
    telemetry,
  };
  const resolveUserTimeoutMs = positive('resolveUserTimeoutMs', 10_000);
  const allowedOrigins = allowedOriginsOf(options.allowedOrigins, WHERE);
  if (settings.staleTtlMs < settings.cacheTtlMs)
    fail(RangeError, WHERE, 'staleTtlMs', `must be at least cacheTtlMs (${settings.cacheTtlMs})`, settings.staleTtlMs);
  const live = createHandlerLive({
    feed: options.store?.changeFeed ?? createMemoryStore({ now }).changeFeed,
    summaryOf: (results) => (isUnavailable(results) ? undefined : toSummary(results, now(), providers)),
    // Re-reads through the cache: what polling would see, and the shared watch kept for other instances' webhooks.
    refreshMs: Math.max(
      1_000,
      hooks ? Math.min(settings.cacheTtlMs, Math.ceil(hooks.watchMs / 2)) : settings.cacheTtlMs,
    ),
    onError: (error) => onError(error, 'handler'),
    onConnection: (delta) => telemetry.liveConnections.add(delta),
    // Once per webhook-caused change and instance, when it is first written to one of its streams.
    onWebhookDelivered: (event) => telemetry.webhookDelivered(event),
    now,
  });
  const sources: ProviderSource[] = [];
  for (const adapter of configured)
    sources.push(live.tap(createProviderSource(accountOf(adapter, given[adapter.provider]!.client), settings)));
  const webhooks = createHandlerWebhooks(hooks, {
    sources,
    store: settings.store,
    now,
    onError: (error) => onError(error, 'webhook'),
    reread: (source, userId, receivedAt) => live.reread(source, userId, receivedAt),
  });

  /** The visitor's id at each configured provider, or a 401/500/503 response (a summary's 503 lists no failures, as its schema asks). */
  async function visitor(request: Request, forSummary: boolean): Promise<Map<ProviderSource, string> | Response> {
    let user: unknown;
    try {
      user = await resolveWithin(options.resolveUser, request, resolveUserTimeoutMs);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)), 'resolveUser');
      return error instanceof ResolveUserTimeoutError
        ? problem(
            503,
            'unavailable',
            'Could not identify the visitor in time; retry later',
            { 'retry-after': '5' },
            forSummary ? { failures: [] } : {},
          )
        : problem(500, 'internal', 'Could not identify the visitor');
    }
    if (user === null || user === undefined) return problem(401, 'unauthorized', 'Sign in to see your inbox');
    if (!isInboxUser(user, adapters)) {
      onError(
        new TypeError(
          `resolveUser: must return an InboxUser object, null or undefined, got ${Array.isArray(user) ? 'an array' : typeof user}`,
        ),
        'resolveUser',
      );
      return problem(500, 'internal', 'Could not identify the visitor');
    }
    const ids = new Map<ProviderSource, string>();
    for (const source of sources) {
      const id = source.adapter.userOf(user);
      if (id !== undefined) ids.set(source, id);
    }
    return ids;
  }

  /** The route template of a request, for telemetry (never its concrete path). */
  function routeOf(request: Request): string {
    const path = new URL(request.url).pathname;
    const rest = path.startsWith(`${basePath}/`) ? path.slice(basePath.length) : '';
    if (rest === '/summary' || rest === '/events') return `${basePath}${rest}`;
    if (MARK_READ.test(rest)) return `${basePath}/conversations/{provider}/{id}/read`;
    // Never the path itself: CommBox's may end in a secret segment.
    return rest.startsWith('/webhooks/') ? `${basePath}/webhooks/{vendor}` : 'unmatched';
  }

  async function route(request: Request, observed: RequestTelemetry): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(`${basePath}/`))
      return problem(404, 'not_found', `No such inbox route: this handler serves paths under ${basePath}/`);
    const rest = path.slice(basePath.length);
    if (webhooks.receiver?.matches(rest)) return receiveWebhook(webhooks.receiver, request, rest);
    if (rest === '/events') {
      if (request.method !== 'GET') return problem(405, 'method_not_allowed', 'Use GET', { allow: 'GET' });
      const ids = await visitor(request, false);
      return ids instanceof Response ? ids : live.respond(request, ids, webhooks.refresher);
    }
    const markRead = MARK_READ.exec(rest);
    if (rest !== '/summary' && !markRead) return problem(404, 'not_found', 'No such inbox route');
    const allowed = markRead ? 'POST' : 'GET, HEAD';
    if (!allowed.split(', ').includes(request.method))
      return problem(405, 'method_not_allowed', `Use ${allowed}`, { allow: allowed });

    // A page on another site may POST with the visitor's cookies: browsers say so in Sec-Fetch-Site or Origin.
    if (markRead && !isSameOriginRequest(request, allowedOrigins))
      return problem(403, 'forbidden', 'Cross-site requests may not mark conversations read');
    const ids = await visitor(request, !markRead);
    if (ids instanceof Response) return ids;
    if (markRead) {
      const response = await markReadResponse(ids, markRead[1]!, markRead[2]!, settings, adapters);
      const marked = [...ids].find(([source]) => source.provider === markRead[1]);
      if (response.ok && marked) await live.announce(...marked);
      return response;
    }
    const results = await Promise.all(
      [...ids].map(async ([source, id]) => {
        const result = await source.load(id, observed);
        if (hooks) void webhooks.refresher.observe(source, id, result, true);
        return result;
      }),
    );
    observed.providerFailures(results.reduce((count, result) => count + result.failures.length, 0));
    return summaryResponse(request, results, now(), providers);
  }

  /** A webhook delivery under its own span, counted as accepted, rejected or deduplicated. */
  function receiveWebhook(receiver: WebhookReceiver, request: Request, rest: string): Promise<Response> {
    const vendor = /^\/webhooks\/([^/]+)/.exec(rest)?.[1] ?? '';
    return telemetry.traceWebhook(vendor, async (set) => {
      let deduplicated = false;
      const response = await receiver.handle(request, rest, (facts) => {
        deduplicated ||= facts.deduplicated === true;
        set(facts);
      });
      telemetry.webhookReceived({
        vendor,
        outcome: !response.ok ? 'rejected' : deduplicated ? 'deduplicated' : 'accepted',
      });
      return response;
    });
  }

  const handler = (request: Request): Promise<Response> =>
    telemetry.serve(request, routeOf(request), (observed) => handle(request, observed));
  return Object.assign(handler, { changes: webhooks.changes, closeLive: () => live.close() });

  async function handle(request: Request, observed: RequestTelemetry): Promise<Response> {
    try {
      return await route(request, observed);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)), 'handler');
      return (error instanceof TypeError || error instanceof RangeError) && /^resolveUser: /.test(error.message)
        ? problem(500, 'internal', 'The server could not identify the visitor at a provider')
        : problem(500, 'internal', 'Internal error');
    }
  }
}

/** `resolveUser` took longer than `resolveUserTimeoutMs`. */
export class ResolveUserTimeoutError extends Error {
  override name = 'ResolveUserTimeoutError';
}

/** `resolveUser(request)`, or a {@link ResolveUserTimeoutError} once `timeoutMs` have passed. */
function resolveWithin(
  resolveUser: InboxHandlerOptions['resolveUser'],
  request: Request,
  timeoutMs: number,
): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ResolveUserTimeoutError(`resolveUser did not settle within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([Promise.resolve().then(() => resolveUser(request)), expired]).finally(() => clearTimeout(timer));
}
