import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/** What the server does with one attempt. */
export type Fault =
  | 'ok'
  | 'rate-limit' // 429, Retry-After: 0
  | 'rate-limit-date' // 429, Retry-After as an HTTP date in the past
  | 'rate-limit-reset' // 429, X-Rate-Limit-Reset (epoch seconds) already reached
  | 'rate-limit-long' // 429, Retry-After: 120, longer than the client will sleep
  | 'server-error' // 500 with a JSON body
  | 'bad-gateway-html' // 502 with an HTML page
  | 'unavailable' // 503
  | 'reset' // the connection is destroyed before any response
  | 'stall' // no answer at all
  | 'cut-body' // 200 headers, half the body, then the connection is destroyed
  | 'stall-body' // 200 headers, half the body, then nothing
  | 'truncated-json' // 200, complete framing, half a JSON document
  | 'not-found' // 404
  | 'not-implemented'; // 501

export interface FaultServer {
  url: string;
  /** Attempts received, by request path and query. */
  attempts: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A node:http server that answers each attempt as `decide` says, and `bodyFor`
 * gives the JSON it means to send. Counts attempts per request URL.
 */
export async function startFaultServer(
  decide: (key: string, attempt: number) => Fault,
  bodyFor: (url: URL) => unknown,
): Promise<FaultServer> {
  const attempts = new Map<string, number>();
  const { url, close } = await listenOnLoopback((request, response) => {
    const key = request.url ?? '';
    const attempt = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, attempt);
    answer(decide(key, attempt), new URL(key, 'http://fault.test'), request, response, bodyFor);
  });
  return { url, attempts, close };
}

function answer(
  fault: Fault,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
  bodyFor: (url: URL) => unknown,
): void {
  const send = (status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...headers,
    });
    response.end(body);
  };
  const envelope = (status: number, description: string) =>
    JSON.stringify({ status, description, response_time: '2026-01-01T00:00:00Z' });
  const full = JSON.stringify(bodyFor(url));
  switch (fault) {
    case 'ok':
      return send(200, full);
    case 'rate-limit':
      return send(429, envelope(429, 'Too Many Requests'), { 'retry-after': '0' });
    case 'rate-limit-date':
      return send(429, envelope(429, 'Too Many Requests'), {
        'retry-after': new Date(Date.now() - 5000).toUTCString(),
      });
    case 'rate-limit-reset':
      return send(429, envelope(429, 'Too Many Requests'), {
        'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) - 1),
      });
    case 'rate-limit-long':
      return send(429, envelope(429, 'Too Many Requests'), { 'retry-after': '120' });
    case 'server-error':
      return send(500, envelope(500, 'Operation failed'));
    case 'bad-gateway-html':
      return send(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    case 'unavailable':
      return send(503, envelope(503, 'Service Unavailable'));
    case 'reset':
      request.socket.destroy();
      return;
    case 'stall':
      return; // the client's timeout ends it
    case 'cut-body':
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) });
      response.write(full.slice(0, Math.floor(full.length / 2)), () => request.socket.destroy());
      return;
    case 'stall-body':
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(full) });
      response.write(full.slice(0, Math.floor(full.length / 2)));
      return; // the client's timeout ends it
    case 'truncated-json':
      return send(200, full.slice(0, Math.floor(full.length / 2)));
    case 'not-found':
      return send(404, envelope(404, 'Not found'));
    case 'not-implemented':
      return send(501, envelope(501, 'Not Implemented'));
  }
}
