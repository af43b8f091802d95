import type { IncomingMessage, ServerResponse } from 'node:http';
import { concatBytes } from '../core/bytes.js';

/** The largest request body passed on to the handler (the inbox API needs none). */
const MAX_BODY_BYTES = 1_048_576;

/** A Node request listener, as `http.createServer` and Express take. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

async function readBody(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | undefined> {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Uint8Array<ArrayBuffer>>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('request body too large');
    chunks.push(chunk);
  }
  return concatBytes(chunks, size);
}

/** The Fetch API request for a Node one; Express's `originalUrl` keeps the mount path it strips from `url`. */
async function toRequest(request: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const path = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '/';
  const secure = (request.socket as { encrypted?: boolean }).encrypted === true;
  const url = new URL(path, `${secure ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return new Request(url, { method: request.method, headers, body: await readBody(request), signal });
}

async function send(response: Response, target: ServerResponse): Promise<void> {
  target.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== 'set-cookie') target.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) target.setHeader('set-cookie', cookies);
  if (response.body) {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) target.write(chunk);
  }
  target.end();
}

/**
 * Adapts a Fetch API handler (such as `createInboxHandler`'s) to `node:http` and Express:
 * `http.createServer(toNodeListener(handler))`, or `app.use(toNodeListener(handler))`.
 * The request's signal aborts when the client goes away. A handler that throws answers 500
 * with no detail.
 * @example
 * app.use('/api/inbox', toNodeListener(handler)); // Express: the handler sees the full path
 */
export function toNodeListener(handler: (request: Request) => Promise<Response>): NodeListener {
  return (request, response) => {
    const gone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) gone.abort(new Error('the client went away'));
    });
    void (async () => {
      try {
        await send(await handler(await toRequest(request, gone.signal)), response);
      } catch (error) {
        if (response.headersSent) {
          response.destroy();
          return;
        }
        const tooLarge = error instanceof RangeError && error.message === 'request body too large';
        response.writeHead(tooLarge ? 413 : 500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: tooLarge ? { code: 'bad_request', message: 'Request body too large' } : { code: 'internal', message: 'Internal error' } }));
      }
    })();
  };
}
