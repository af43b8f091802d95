import type { IncomingHttpHeaders } from 'node:http';
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { listenOnLoopback } from './loopback-server.js';
import { loadSpec, resolvePointer } from './spec.js';

/** What the stand-in answers for one kind of vendor call. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the caller's deadline ends the call). */
  stall?: boolean;
  /** Answer once this settles (a test decides when a call in flight completes). */
  hold?: Promise<unknown>;
}

/** The calls the stand-in knows: CommBox Get User Objects, CometChat List Conversations, CometChat mark-read. */
export type Route = 'commbox' | 'cometchat' | 'markRead';

/** Options of {@link startVendorStandIn}. */
export interface VendorStandInOptions {
  /** Every answer waits this long, so concurrent requests really overlap. @default 0 */
  delayMs?: number;
  /** Answers to start with, per route. @default the vendors' inbox examples and a successful mark-read */
  answers?: Partial<Record<Route, Answer>>;
  /** Keep every request in `requests` (a benchmark sending thousands turns it off). @default true */
  recordRequests?: boolean;
}

/**
 * One loopback server standing in for both vendors, for tests and benchmarks: CommBox under
 * `/commbox`, CometChat under `/cometchat`, counting the calls it receives.
 */
export interface VendorStandIn {
  /** The server: `${url}/commbox` and `${url}/cometchat` are the vendors' base URLs. */
  url: string;
  /** CommBox's base URL. */
  commboxUrl: string;
  /** CometChat's base URL. */
  cometchatUrl: string;
  /** Calls received per route, counted on the server. */
  calls: Record<Route, number>;
  /** Inbox reads received so far, per vendor (a copy of those two counts). */
  readonly reads: { commbox: number; cometchat: number };
  /** Every request's method, path and headers (unless `recordRequests` is off). */
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  /** The answer per route; change it between requests. */
  answers: Record<Route, Answer>;
  /** From now on, answer the route with 429 and `Retry-After: seconds`; `undefined` puts its first answer back. */
  throttle(route: Route, retryAfterSeconds: number | undefined): void;
  close(): Promise<void>;
}

/** The secrets the test clients use: no response of the handler may carry them. */
export const SECRETS = { commboxToken: 'cbx-secret-token-3f9a1c', cometchatKey: 'cc-secret-apikey-77e0b2' } as const;

const example = (api: 'commbox' | 'cometchat', path: string, name: string) =>
  resolvePointer(
    loadSpec(api),
    `#/paths/${path.replace(/\//g, '~1')}/get/responses/200/content/application~1json/examples/${name}/value`,
  );

/** A CommBox Get User Objects example: `unreadChats` (3 conversations, 6 unread) by default, or `success` (2 unread). */
export const commboxInbox = (name: 'unreadChats' | 'success' = 'unreadChats') =>
  example('commbox', '/v2/users/identities/{USER_IDENTITY_ID}/objects', name);
/** CometChat's `inbox` example (3 conversations, 5 unread, one page). */
export const cometchatInbox = () => example('cometchat', '/conversations', 'inbox');

/** A 200 with this JSON body. */
export const ok = (body: unknown): Answer => ({ status: 200, body });
/** CometChat's 429 with `Retry-After: seconds`. */
export const throttled = (seconds: number): Answer => ({
  status: 429,
  headers: { 'retry-after': String(seconds) },
  body: { error: { code: 'ERR_TOO_MANY_REQUESTS', message: 'slow down' } },
});

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'GET' && /^\/commbox\/v2\/users\/identities\/\d+\/objects$/.test(path)) return 'commbox';
  if (method === 'GET' && path === '/cometchat/conversations') return 'cometchat';
  if (method === 'POST' && /^\/cometchat\/(users|groups)\/[^/]+\/conversation\/read$/.test(path)) return 'markRead';
  return undefined;
}

/** Starts the stand-in on a free loopback port. */
export async function startVendorStandIn(options: VendorStandInOptions = {}): Promise<VendorStandIn> {
  const { delayMs = 0, recordRequests = true } = options;
  const calls: Record<Route, number> = { commbox: 0, cometchat: 0, markRead: 0 };
  const requests: VendorStandIn['requests'] = [];
  const first: Record<Route, Answer> = {
    commbox: ok(commboxInbox()),
    cometchat: ok(cometchatInbox()),
    markRead: ok({ data: { success: true } }),
    ...options.answers,
  };
  const answers = { ...first };
  const { url, close } = await listenOnLoopback(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
    if (recordRequests) requests.push({ method: request.method ?? '', path, headers: request.headers });
    const route = routeOf(request.method ?? '', path);
    request.resume();
    if (!route) {
      response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"ERR_NOT_FOUND"}}');
      return;
    }
    calls[route]++;
    const answer = answers[route];
    if (answer.stall) return;
    if (answer.hold) await answer.hold;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    response
      .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      .end(JSON.stringify(answer.body ?? {}));
  });
  return {
    url,
    commboxUrl: `${url}/commbox`,
    cometchatUrl: `${url}/cometchat`,
    calls,
    get reads() {
      return { commbox: calls.commbox, cometchat: calls.cometchat };
    },
    requests,
    answers,
    throttle(route, retryAfterSeconds) {
      answers[route] = retryAfterSeconds === undefined ? first[route] : throttled(retryAfterSeconds);
    },
    close,
  };
}

/**
 * Vendor clients as a user would build them, on the stand-in: generous retries (the handler must
 * not sleep through a Retry-After anyway) and the test secrets.
 */
export function standInClients(standIn: { url: string }) {
  return {
    commbox: createCommBoxClient({ token: SECRETS.commboxToken, baseUrl: `${standIn.url}/commbox`, maxRetries: 5 }),
    cometchat: createCometChatClient({
      appId: 'demo',
      region: 'eu',
      apiKey: SECRETS.cometchatKey,
      baseUrl: `${standIn.url}/cometchat`,
      maxRetries: 5,
    }),
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 2, 2, 9, 0, 0)) {
  let time = start;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** Everything a response exposes, headers and body, as one string. */
export async function exposed(response: Response): Promise<string> {
  return `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n\n${await response.clone().text()}`;
}
