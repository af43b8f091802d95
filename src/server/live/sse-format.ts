/** The Server-Sent Events wire format (WHATWG HTML, "Server-sent events"), encoded once per event. */

const encoder = new TextEncoder();

/** The headers of every event stream: no caching, no proxy buffering (nginx), no compression. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  // no-transform: proxies and compression middleware (Express `compression`, Hono `compress`) leave the stream alone.
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
};

/** One event: `id:`, `event:` and `data:` lines (a line per line of `data`), then a blank line. */
export function encodeEvent(id: string, event: string, data: string): Uint8Array {
  if (/[\r\n]/.test(id) || /[\r\n]/.test(event)) throw new TypeError('encodeEvent: id and event must be single lines');
  const lines = data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return encoder.encode(`id: ${id}\nevent: ${event}\n${lines}\n`);
}

/** The first bytes of a stream: the reconnection delay (`retry:`), and a comment that opens the stream at once. */
export function encodeRetry(retryMs: number): Uint8Array {
  return encoder.encode(`retry: ${Math.max(0, Math.floor(retryMs))}\n: connected\n\n`);
}

/** A heartbeat: a comment line, which EventSource ignores and which keeps proxies from timing the stream out. */
export const HEARTBEAT: Uint8Array = encoder.encode(':\n\n');
