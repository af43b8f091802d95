import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

/** What the server saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export interface HostileServer {
  url: string;
  origin: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A loopback node:http server whose every answer is up to the test: `handle` may
 * answer, stall (do nothing), or destroy the socket. Records every request it saw.
 */
export async function startHostileServer(
  handle: (request: IncomingMessage, response: ServerResponse, index: number) => void,
  host = '127.0.0.1',
): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const { url, close } = await listenOnLoopback((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    handle(request, response, requests.length - 1);
  }, host);
  return { url, origin: url, requests, close };
}

/** Sends `body` as JSON with `status` and extra headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Resolves to 'pending' when `promise` has not settled after `ms` (a bound far above the work, for calls that must not hang). */
export function settledWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ value: T } | { error: unknown } | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    pending,
  ]).finally(() => clearTimeout(timer));
}

/** Runs full garbage collections (and allocates) every few ms until stopped: lost aborts only show under GC. */
export function collectGarbageWhileWaiting(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the tests with --expose-gc (vitest.config.ts execArgv)');
  let _junk: unknown[] = [];
  const timer = setInterval(() => {
    _junk = Array.from({ length: 2_000 }, (_, i) => ({ i, text: `x${i}` }));
    gc();
  }, 10);
  return () => {
    clearInterval(timer);
    _junk = [];
  };
}
