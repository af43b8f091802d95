import { integer, optionalObject, fail } from '../core/validate.js';
import type { CommBoxClient } from '../vendors/commbox/client.js';
import type { CometChatClient } from '../vendors/cometchat/client.js';
import { markReadResponse } from './mark-read.js';
import { createProviderSource, type ProviderSource } from './provider-source.js';
import { commboxAdapter, cometchatAdapter, type InboxUser } from './providers.js';
import { problem } from './responses.js';
import { createSafeStore } from './safe-store.js';
import { createMemoryStore, type InboxStore } from './store.js';
import { summaryResponse } from './summary-response.js';
import { createHandlerWebhooks, webhookSettings, type InboxChanges, type WebhookOptions } from './webhooks/index.js';

/** Where a reported error comes from. */
export type InboxHandlerErrorSource = 'store' | 'resolveUser' | 'handler' | 'webhook';

/** Options of {@link createInboxHandler}. */
export interface InboxHandlerOptions {
  /** CommBox, read with the client you already have (its retry settings do not matter: see `vendorTimeoutMs`). */
  commbox?: { client: CommBoxClient };
  /** CometChat, read on behalf of the visitor's `uid`. */
  cometchat?: { client: CometChatClient };
  /**
   * Who the visitor is at each vendor, from the site's own authentication (a session cookie, a JWT),
   * or `null` for a visitor who is not signed in (401). The browser never supplies vendor ids.
   */
  resolveUser: (request: Request) => InboxUser | null | Promise<InboxUser | null>;
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
  /** Send each conversation's vendor object as `raw`. @default false */
  includeRaw?: boolean;
  /** Hears of a store outage (once per outage), a `resolveUser` that throws, or an unexpected error. Never of a secret. */
  onError?: (error: Error, context: { source: InboxHandlerErrorSource }) => void;
  /** The clock, in epoch ms (tests pass a fake one; the default store uses it too). @default Date.now */
  now?: () => number;
}

/** A Fetch API handler: `(request) => Promise<Response>`, with its server-side change API. */
export type InboxHandler = ((request: Request) => Promise<Response>) & { changes: InboxChanges };

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
  optionalObject(options, 'options', WHERE);
  if (!options?.commbox && !options?.cometchat) fail(TypeError, WHERE, 'options', 'needs commbox, cometchat or both');
  if (typeof options.resolveUser !== 'function') fail(TypeError, WHERE, 'resolveUser', 'must be a function');
  const basePath = options.basePath ?? '/api/inbox';
  if (typeof basePath !== 'string' || !/^(\/[^/?#]+)*$/.test(basePath)) fail(TypeError, WHERE, 'basePath', 'must be a path like "/api/inbox" (no trailing slash)', basePath);
  const positive = (name: keyof InboxHandlerOptions, fallback: number) =>
    options[name] === undefined ? fallback : integer(options[name], name, WHERE, 1);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail(TypeError, WHERE, 'now', 'must be a function');
  const onError = (error: Error, source: InboxHandlerErrorSource) => {
    try {
      options.onError?.(error, { source });
    } catch {
      // A failing logger must not fail the request.
    }
  };
  const hooks = options.webhooks === undefined ? undefined : webhookSettings(options.webhooks);
  const settings = {
    // A shared store's outage falls back to this process's own memory store (per-instance behaviour).
    store: createSafeStore(options.store ?? createMemoryStore({ now }), positive('storeTimeoutMs', 500), (error) => onError(error, 'store'), options.store ? createMemoryStore({ now }) : undefined),
    now,
    cacheTtlMs: positive('cacheTtlMs', hooks ? hooks.reconcileMs : 15_000),
    staleTtlMs: positive('staleTtlMs', Math.max(600_000, hooks?.reconcileMs ?? 0)),
    vendorTimeoutMs: positive('vendorTimeoutMs', 5_000),
    defaultRetryAfterMs: positive('defaultRetryAfterMs', 30_000),
    includeRaw: options.includeRaw === true,
  };
  if (settings.staleTtlMs < settings.cacheTtlMs) fail(RangeError, WHERE, 'staleTtlMs', `must be at least cacheTtlMs (${settings.cacheTtlMs})`, settings.staleTtlMs);
  const sources: ProviderSource[] = [];
  if (options.commbox) sources.push(createProviderSource(commboxAdapter(options.commbox.client), settings));
  if (options.cometchat) sources.push(createProviderSource(cometchatAdapter(options.cometchat.client), settings));
  const webhooks = createHandlerWebhooks(hooks, { sources, store: settings.store, now, onError: (error) => onError(error, 'webhook') });

  /** The visitor's id at each configured provider, or a 401/500 response. */
  async function visitor(request: Request): Promise<Map<ProviderSource, string> | Response> {
    let user: InboxUser | null;
    try {
      user = await options.resolveUser(request);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)), 'resolveUser');
      return problem(500, 'internal', 'Could not identify the visitor');
    }
    if (user === null || user === undefined) return problem(401, 'unauthorized', 'Sign in to see your inbox');
    const ids = new Map<ProviderSource, string>();
    for (const source of sources) {
      const id = source.adapter.userOf(user);
      if (id !== undefined) ids.set(source, id);
    }
    return ids;
  }

  async function route(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(`${basePath}/`)) return problem(404, 'not_found', 'No such inbox route');
    const rest = path.slice(basePath.length);
    if (webhooks.receiver?.matches(rest)) return webhooks.receiver.handle(request, rest);
    const markRead = MARK_READ.exec(rest);
    if (rest !== '/summary' && !markRead) return problem(404, 'not_found', 'No such inbox route');
    const allowed = markRead ? 'POST' : 'GET, HEAD';
    if (!allowed.split(', ').includes(request.method)) return problem(405, 'method_not_allowed', `Use ${allowed}`, { allow: allowed });

    // A page on another site may POST with the visitor's cookies: browsers say so in Sec-Fetch-Site.
    if (markRead && request.headers.get('sec-fetch-site') === 'cross-site') return problem(403, 'forbidden', 'Cross-site requests may not mark conversations read');
    const ids = await visitor(request);
    if (ids instanceof Response) return ids;
    if (markRead) return markReadResponse(ids, markRead[1]!, markRead[2]!, settings);
    const results = await Promise.all(
      [...ids].map(async ([source, id]) => {
        const result = await source.load(id);
        if (hooks) void webhooks.refresher.observe(source, id, result, true);
        return result;
      }),
    );
    return summaryResponse(request, results, now());
  }

  const handler = async (request: Request): Promise<Response> => {
    try {
      return await route(request);
    } catch (error) {
      onError(error instanceof Error ? error : new Error(String(error)), 'handler');
      return error instanceof TypeError && /^resolveUser: /.test(error.message)
        ? problem(500, 'internal', 'The server could not identify the visitor at a provider')
        : problem(500, 'internal', 'Internal error');
    }
  };
  return Object.assign(handler, { changes: webhooks.changes });
}
