import type { IncomingMessage, ServerResponse } from 'node:http';
import { durationMs, integer, optionalObject } from '../core/validate.js';
import { directAttachOf } from './live/direct-sink.js';

/** A Node request listener, as `http.createServer` and Express take. */
export type NodeListener = (request: IncomingMessage, response: ServerResponse) => void;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /** The largest request body passed on to the handler; a larger one is answered 413. @default 1048576 */
  maxBodyBytes?: number;
  /** How long after the request arrived its body must have been received; a slower one is answered 408. @default 10000 */
  bodyTimeoutMs?: number;
}

const WHERE = 'toNodeListener';

/** Why the request body could not be read: the answer the listener gives instead of the handler's. */
class RequestBodyError extends Error {
  override name = 'RequestBodyError';
  constructor(
    readonly status: 408 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The request body as a stream read only when the handler reads it (a route that takes no body
 * never waits on one), within `maxBodyBytes` and by `deadline` (epoch ms).
 */
function lazyBody(
  request: IncomingMessage,
  maxBodyBytes: number,
  deadline: number,
  onFailure: (error: RequestBodyError) => void,
): ReadableStream<Uint8Array> | undefined {
  if (request.method === 'GET' || request.method === 'HEAD') return undefined;
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (started) {
          request.resume();
          return;
        }
        started = true;
        if (request.readableEnded) {
          // Already read by middleware before this listener (Express's body parsers): nothing left.
          controller.close();
          return;
        }
        let size = 0;
        let done = false;
        const fail = (error: RequestBodyError) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          request.removeAllListeners('data');
          onFailure(error);
          controller.error(error);
        };
        timer = setTimeout(
          () => fail(new RequestBodyError(408, 'Request body too slow')),
          Math.max(0, deadline - Date.now()),
        );
        request.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (done) return;
          if (size > maxBodyBytes) return fail(new RequestBodyError(413, 'Request body too large'));
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
          if ((controller.desiredSize ?? 0) <= 0) request.pause();
        });
        request.once('end', () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          controller.close();
        });
        request.once('error', () => fail(new RequestBodyError(408, 'Request body not received')));
      },
      cancel() {
        clearTimeout(timer);
      },
    },
    { highWaterMark: 0 },
  );
}

/** The Fetch API request for a Node one; Express's `originalUrl` keeps the mount path it strips from `url`. `undefined` for a Host or target no URL can be made of. */
function toRequest(
  request: IncomingMessage,
  signal: AbortSignal,
  body: ReadableStream<Uint8Array> | undefined,
): Request | undefined {
  const path = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '/';
  const secure = (request.socket as { encrypted?: boolean }).encrypted === true;
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  try {
    // `Host: a b`, `Host: [::1` (no URL) and `Host: x@y:1` (a URL with credentials, which Request refuses) land here.
    const url = new URL(path, `${secure ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`);
    return new Request(url, {
      method: request.method,
      headers,
      body,
      signal,
      ...(body ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch {
    return undefined;
  }
}

/**
 * Writes `response` to `target`, honouring backpressure (waits for `drain` when the socket's buffer
 * is full) and cancelling the body when the client goes away (`close`): a stream's producer hears
 * of it through its `cancel`, whatever became of the Request.
 */
async function send(response: Response, target: ServerResponse): Promise<void> {
  target.statusCode = response.status;
  for (const [name, value] of response.headers) if (name !== 'set-cookie') target.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) target.setHeader('set-cookie', cookies);
  if (!response.body) return void target.end();
  // An event stream's first bytes are its headers: send them now, not with the first event.
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) target.flushHeaders();
  const attach = directAttachOf(response);
  if (attach) {
    // A live hub's stream: written straight to the socket (no web stream kept per connection).
    const gone = attach({
      write: (bytes) => void target.write(bytes),
      queued: () => target.writableLength,
      end: () => target.end(),
    });
    if (target.destroyed) gone();
    else target.once('close', gone);
    return;
  }
  // Only the body's reader is kept while it streams (not the Response): a long-lived stream costs little.
  return pipe(response.body.getReader(), target);
}

/**
 * Copies `reader` to `target`, honouring backpressure (waits for `drain` when the socket's buffer is
 * full) and cancelling the body when the client goes away (`close`): the producer hears of it through
 * its `cancel`, whatever became of the Request.
 */
async function pipe(reader: ReadableStreamDefaultReader<Uint8Array>, target: ServerResponse): Promise<void> {
  let gone = false;
  const onClose = () => {
    gone = true;
    void reader.cancel(new Error('the client went away')).catch(() => {});
  };
  if (target.destroyed) onClose();
  else target.once('close', onClose);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || gone) break;
      if (!target.write(value)) await drained(target);
    }
  } catch (error) {
    if (!gone) throw error;
  } finally {
    target.off('close', onClose);
  }
  if (!gone) target.end();
}

/** Resolves when `target` can take more (`drain`) or is gone (`close`). */
function drained(target: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      target.off('drain', done);
      target.off('close', done);
      resolve();
    };
    target.once('drain', done);
    target.once('close', done);
  });
}

function answer(target: ServerResponse, status: number, code: string, message: string, close = false): void {
  target.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  target.end(JSON.stringify({ error: { code, message } }));
}

/**
 * Adapts a Fetch API handler (such as `createInboxHandler`'s) to `node:http` and Express:
 * `http.createServer(toNodeListener(handler))`, or `app.use(toNodeListener(handler))`.
 * The request's signal aborts when the client goes away. The body is read only when the handler
 * reads it, up to `maxBodyBytes` (else 413) and within `bodyTimeoutMs` of the request's arrival
 * (else 408). A Host header or target no URL can be made of is a 400. A handler that throws answers
 * 500 with no detail.
 * @throws {TypeError|RangeError} for a bad option, naming it
 * @example
 * app.use('/api/inbox', toNodeListener(handler)); // Express: the handler sees the full path
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): NodeListener {
  optionalObject(options, 'options', WHERE);
  const maxBodyBytes =
    options.maxBodyBytes === undefined ? 1_048_576 : integer(options.maxBodyBytes, 'maxBodyBytes', WHERE, 0);
  const bodyTimeoutMs =
    options.bodyTimeoutMs === undefined ? 10_000 : durationMs(options.bodyTimeoutMs, 'bodyTimeoutMs', WHERE);
  return (request, response) => {
    const gone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) gone.abort(new Error('the client went away'));
    });
    let bodyFailure: RequestBodyError | undefined;
    const body = lazyBody(request, maxBodyBytes, Date.now() + bodyTimeoutMs, (error) => (bodyFailure = error));
    let fetchRequest = toRequest(request, gone.signal, body);
    if (!fetchRequest) return answer(response, 400, 'bad_request', 'Bad Host header or request target', true);
    void (async () => {
      try {
        const pending = handler(fetchRequest!);
        fetchRequest = undefined; // not kept while a long response streams
        let result: Response | undefined = await pending;
        if (bodyFailure) throw bodyFailure;
        const sending = send(result, response);
        result = undefined; // nor the Response: only its body's reader streams on
        await sending;
      } catch (error) {
        if (response.headersSent) {
          response.destroy();
          return;
        }
        const failure = bodyFailure ?? (error instanceof RequestBodyError ? error : undefined);
        if (failure) answer(response, failure.status, 'bad_request', failure.message, true);
        else answer(response, 500, 'internal', 'Internal error');
      }
    })();
  };
}
