import type { IncomingHttpHeaders } from 'node:http';
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { listenOnLoopback } from '../../support/loopback-server.js';
import { loadSpec, resolvePointer } from '../../support/spec.js';

/** What the stub answers for one kind of vendor call. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (the handler's deadline ends the call). */
  stall?: boolean;
  /** Answer once this settles (a test decides when a call in flight completes). */
  hold?: Promise<unknown>;
}

export type Route = 'commbox' | 'cometchat' | 'markRead';

/** A counting stand-in for both vendors: CommBox under /commbox, CometChat under /cometchat. */
export interface VendorStub {
  url: string;
  /** Calls received per route, counted on the server. */
  calls: Record<Route, number>;
  /** Every request's method, path and headers. */
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  /** The answer per route; change it between requests. */
  answers: Record<Route, Answer>;
  close(): Promise<void>;
}

/** The secrets the test clients use: no response of the handler may carry them. */
export const SECRETS = { commboxToken: 'cbx-secret-token-3f9a1c', cometchatKey: 'cc-secret-apikey-77e0b2' } as const;

const example = (api: 'commbox' | 'cometchat', path: string, name: string) =>
  resolvePointer(loadSpec(api), `#/paths/${path.replace(/\//g, '~1')}/get/responses/200/content/application~1json/examples/${name}/value`);

/** CommBox's `unreadChats` example (3 conversations, 6 unread). */
export const commboxInbox = () => example('commbox', '/v2/users/identities/{USER_IDENTITY_ID}/objects', 'unreadChats');
/** CometChat's `inbox` example (3 conversations, 5 unread, one page). */
export const cometchatInbox = () => example('cometchat', '/conversations', 'inbox');

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const throttled = (seconds: number): Answer => ({ status: 429, headers: { 'retry-after': String(seconds) }, body: { error: { code: 'ERR_TOO_MANY_REQUESTS', message: 'slow down' } } });

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'GET' && /^\/commbox\/v2\/users\/identities\/\d+\/objects$/.test(path)) return 'commbox';
  if (method === 'GET' && path === '/cometchat/conversations') return 'cometchat';
  if (method === 'POST' && /^\/cometchat\/(users|groups)\/[^/]+\/conversation\/read$/.test(path)) return 'markRead';
  return undefined;
}

export async function startVendorStub(): Promise<VendorStub> {
  const calls: Record<Route, number> = { commbox: 0, cometchat: 0, markRead: 0 };
  const requests: VendorStub['requests'] = [];
  const answers: Record<Route, Answer> = {
    commbox: ok(commboxInbox()),
    cometchat: ok(cometchatInbox()),
    markRead: ok({ data: { success: true } }),
  };
  const { url, close } = await listenOnLoopback(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://stub').pathname;
    requests.push({ method: request.method ?? '', path, headers: request.headers });
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
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body ?? {}));
  });
  return { url, calls, requests, answers, close };
}

/**
 * Vendor clients as a user would build them: generous retries (the handler must not sleep through
 * a Retry-After anyway) and the test secrets.
 */
export function stubClients(stub: { url: string }) {
  return {
    commbox: createCommBoxClient({ token: SECRETS.commboxToken, baseUrl: `${stub.url}/commbox`, maxRetries: 5 }),
    cometchat: createCometChatClient({ appId: 'demo', region: 'eu', apiKey: SECRETS.cometchatKey, baseUrl: `${stub.url}/cometchat`, maxRetries: 5 }),
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
