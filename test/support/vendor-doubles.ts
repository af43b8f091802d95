import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';
import { loadSpec } from './spec.js';

type Provider = 'commbox' | 'cometchat';

/** Loopback servers standing in for CommBox and CometChat, counting every call they receive. */
export interface VendorDoubles {
  commboxUrl: string;
  cometchatUrl: string;
  /** Inbox reads received (CommBox Get User Objects, CometChat List Conversations pages). */
  reads: Record<Provider, number>;
  /** Every request received, by `METHOD path`. */
  requests: Map<string, number>;
  /** Headers of every request (to check what a vendor is sent). */
  seenHeaders: Record<string, string | string[] | undefined>[];
  /** From now on, answer this provider with 429 and `Retry-After: seconds` (`undefined`: answer normally again). */
  throttle(provider: Provider, retryAfterSeconds: number | undefined): void;
  close(): Promise<void>;
}

type Spec = { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { examples: Record<string, { value: unknown }> }> }> } }> };

/** The vendors' own example bodies, from our specs (the ones Prism serves). */
function exampleBodies(): Record<Provider, string> {
  const example = (name: Provider, path: string, scenario: string) =>
    JSON.stringify((loadSpec(name) as unknown as Spec).paths[path]!.get.responses['200']!.content['application/json']!.examples[scenario]!.value);
  return {
    commbox: example('commbox', '/v2/users/identities/{USER_IDENTITY_ID}/objects', 'success'),
    cometchat: example('cometchat', '/conversations', 'inbox'),
  };
}

/**
 * Starts one node:http server per vendor on free ports. Every answer waits `delayMs` (default 30 ms),
 * so concurrent requests really overlap; reads answer the vendor's example body.
 */
export async function startVendorDoubles(options: { delayMs?: number } = {}): Promise<VendorDoubles> {
  const delayMs = options.delayMs ?? 30;
  const bodies = exampleBodies();
  const reads: Record<Provider, number> = { commbox: 0, cometchat: 0 };
  const requests = new Map<string, number>();
  const seenHeaders: VendorDoubles['seenHeaders'] = [];
  const throttled: Partial<Record<Provider, number>> = {};

  const listener = (provider: Provider) => (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://vendor.test').pathname;
    const key = `${request.method} ${path}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    seenHeaders.push(request.headers);
    const isRead = request.method === 'GET' && (path.endsWith('/objects') || path === '/conversations');
    if (isRead) reads[provider]++;
    request.resume();
    setTimeout(() => {
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
        response.end(body);
      };
      const wait = throttled[provider];
      if (wait !== undefined) {
        return send(429, JSON.stringify({ error: { code: 'ERR_TOO_MANY_REQUESTS', message: 'Too many requests' } }), { 'retry-after': String(wait) });
      }
      if (isRead) return send(200, bodies[provider]);
      if (request.method === 'POST' && path.endsWith('/conversation/read')) return send(200, JSON.stringify({ data: { success: true } }));
      return send(404, JSON.stringify({ error: { code: 'ERR_NOT_FOUND', message: 'not here' } }));
    }, delayMs);
  };

  const servers = await Promise.all((['commbox', 'cometchat'] as const).map((provider) => listenOnLoopback(listener(provider))));
  return {
    commboxUrl: servers[0]!.url,
    cometchatUrl: servers[1]!.url,
    reads,
    requests,
    seenHeaders,
    throttle(provider, retryAfterSeconds) {
      if (retryAfterSeconds === undefined) delete throttled[provider];
      else throttled[provider] = retryAfterSeconds;
    },
    close: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}
