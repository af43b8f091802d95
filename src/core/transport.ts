import { concatBytes } from './bytes.js';
import { ConnectionError, RedirectError, ResponseTooLargeError, TimeoutError } from './errors.js';
import { redactCause, redactHeaders, redactText } from './redact.js';
import type { VendorProfile } from './vendor-profile.js';

/** A request as the transport sends it: every attempt and redirect hop rebuilds its `fetch` init from this. */
export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Headers | Record<string, string>;
  /** Text or bytes, so every attempt can send it again. */
  body: string | Uint8Array<ArrayBuffer> | null;
}

/** What one call's attempts share: who is calling, the limits, and the caller's signal. */
export interface CallContext {
  /** The provider's id (`vendor.provider`). */
  provider: string;
  /** The vendor's name, error-body reader and rate-limit header reader. */
  vendor: VendorProfile;
  /** The operation's name, or `METHOD /path` for calls through `raw`. */
  operation: string;
  /** The path template of the operation (`/users/{uid}/conversations`), for telemetry; never a concrete path. */
  urlTemplate?: string | undefined;
  /** Values that must never appear in an error (the token or API key). */
  secrets: readonly string[];
  /** The fetch to use; `globalThis.fetch` read at call time when absent. */
  fetch?: typeof fetch | undefined;
  /** Bound on one attempt, redirects, headers and body included. */
  timeoutMs: number;
  /** Largest body read, counted after decompression. */
  maxResponseBytes: number;
  /** The caller's signal: aborting it ends the attempt at once with its reason. */
  signal?: AbortSignal | undefined;
}

/** A response whose body was read in full, under the attempt's timeout. */
export interface ReceivedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The URL that answered (after same-origin redirects). */
  url: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Redirects followed within one attempt before it counts as a loop. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const EMPTY: Uint8Array<ArrayBuffer> = new Uint8Array(0);
const ignore = (): void => undefined;

/** What keeps one attempt bounded: the signal handed to `fetch`, a way to await under the deadline, and cleanup. */
interface AttemptGuard {
  signal: AbortSignal;
  /** `work`, or the timeout / abort reason as soon as either comes first. */
  watch<T>(work: Promise<T>): Promise<T>;
  release(): void;
}

/**
 * One attempt's own timer and the caller's abort, each able to settle the phase being awaited
 * (fetch, redirect, body read) through a promise they hold, so no abort lost inside `fetch`
 * can keep the attempt pending; the same reason aborts `fetch`.
 */
function guardAttempt(context: CallContext): AttemptGuard {
  const { signal } = context;
  const controller = new AbortController();
  let ended = false;
  let reason: unknown;
  let rejectPhase: ((reason: unknown) => void) | undefined;
  const end = (why: unknown): void => {
    if (ended) return;
    ended = true;
    reason = why;
    rejectPhase?.(why);
    controller.abort(why);
  };
  const timer = setTimeout(() => end(timeoutError(context)), context.timeoutMs);
  const onAbort = (): void => end(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    watch: <T>(work: Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        // Promise.resolve: a custom `fetch` may hand back a plain value or a foreign thenable.
        const settled = Promise.resolve(work);
        if (ended) {
          settled.catch(ignore);
          reject(reason);
        } else {
          rejectPhase = reject;
          settled.then(resolve, reject);
        }
      }),
    release() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * One attempt: the fetch, same-origin redirects and reading the body (capped at
 * `maxResponseBytes`), all under one timeout and the caller's signal, and everything
 * released when it settles. The deadline and the abort settle the attempt themselves
 * (a promise held by the timer and the signal's listener), so no lost abort inside
 * `fetch` can keep it pending. The signal goes to `fetch(url, init)`, never into a
 * `Request` that nothing keeps alive.
 * @throws the caller's abort reason; {@link TimeoutError}; {@link ConnectionError} (network);
 *   {@link RedirectError}; {@link ResponseTooLargeError}
 */
export async function sendOnce(request: OutgoingRequest, context: CallContext): Promise<ReceivedResponse> {
  const { signal } = context;
  signal?.throwIfAborted();
  const guard = guardAttempt(context);
  try {
    let { url, method, body, headers } = request;
    for (let hop = 0; ; hop++) {
      const fetchImpl = context.fetch ?? globalThis.fetch;
      const response = await guard.watch(
        fetchImpl(url, { method, headers, body, signal: guard.signal, redirect: 'manual' }),
      );
      const { status } = response;
      const target =
        REDIRECT_STATUSES.has(status) || (status === 0 && response.type === 'opaqueredirect')
          ? redirectTarget(response, url, request.url, hop, context)
          : undefined;
      if (target === undefined)
        return {
          status,
          statusText: response.statusText,
          headers: response.headers,
          url,
          bytes: await readCapped(response, context, guard),
        };
      void response.body?.cancel().catch(ignore);
      // 303, and 301/302 after a POST, turn into a body-less GET (as browsers and the Fetch standard do).
      if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = null;
        headers = new Headers(headers);
        headers.delete('content-type');
      }
      url = target;
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof ConnectionError || error instanceof RedirectError || error instanceof ResponseTooLargeError)
      throw error;
    throw connectionError(error, context);
  } finally {
    guard.release();
  }
}

/** The URL to follow next, `undefined` for a final response; a redirect off the origin or past the limit throws. */
function redirectTarget(
  response: Response,
  url: string,
  baseUrl: string,
  hop: number,
  context: CallContext,
): string | undefined {
  if (response.type === 'opaqueredirect') {
    throw redirectError(
      context,
      response,
      undefined,
      'was redirected where this runtime does not show the target: not followed',
    );
  }
  const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
  if (location === null) return undefined;
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    throw redirectError(context, response, undefined, 'was redirected to a location that is not a URL: not followed');
  }
  const origin = new URL(baseUrl).origin;
  if (target.origin !== origin) {
    throw redirectError(
      context,
      response,
      target.origin,
      `was redirected to another origin (${target.origin}): not followed, credentials never leave ${origin}`,
    );
  }
  if (hop >= MAX_REDIRECTS)
    throw redirectError(
      context,
      response,
      target.origin,
      `was redirected more than ${MAX_REDIRECTS} times (a redirect loop): not followed`,
    );
  return target.href;
}

/**
 * The whole body, read from its stream chunk by chunk, or a {@link ResponseTooLargeError} as soon
 * as it passes the limit (decompressed bytes counted); a declared, uncompressed length over the
 * limit is refused before reading. (Reading the stream directly also costs less per call on Node
 * than `response.arrayBuffer()`.)
 */
async function readCapped(
  response: Response,
  context: CallContext,
  guard: AttemptGuard,
): Promise<Uint8Array<ArrayBuffer>> {
  const { body, headers } = response;
  if (!body) return EMPTY;
  const limit = context.maxResponseBytes;
  const length = headers.get('content-length');
  if (length !== null && Number(length) > limit && headers.get('content-encoding') === null) {
    void body.cancel().catch(ignore);
    throw tooLarge(context, response, limit);
  }
  const reader = (body as ReadableStream<Uint8Array<ArrayBuffer>>).getReader();
  try {
    // One watch over the whole read (not one per chunk): the deadline and the abort still settle it at once.
    return await guard.watch(readAll(reader, limit, context, response));
  } catch (error) {
    void reader.cancel().catch(ignore);
    throw error;
  }
}

/** Every chunk of `reader`, as one array, or a {@link ResponseTooLargeError} as soon as they pass `limit` bytes. */
async function readAll(
  reader: ReadableStreamDefaultReader<Uint8Array<ArrayBuffer>>,
  limit: number,
  context: CallContext,
  response: Response,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concatBytes(chunks, size);
    size += value.byteLength;
    if (size > limit) throw tooLarge(context, response, limit);
    chunks.push(value);
  }
}

const label = (context: Pick<CallContext, 'vendor' | 'operation'>): string =>
  `${context.vendor.displayName} ${context.operation}`;

function timeoutError(context: CallContext): TimeoutError {
  return new TimeoutError(
    { provider: context.provider, operation: context.operation },
    `${label(context)} timed out after ${context.timeoutMs} ms`,
  );
}

function tooLarge(context: CallContext, response: Response, limitBytes: number): ResponseTooLargeError {
  const details = {
    provider: context.provider,
    operation: context.operation,
    status: response.status,
    headers: redactHeaders(response.headers, context.secrets),
    limitBytes,
  };
  return new ResponseTooLargeError(
    details,
    `${label(context)} answered HTTP ${response.status} with a body larger than maxResponseBytes (${limitBytes} bytes): not read`,
  );
}

function redirectError(
  context: CallContext,
  response: Response,
  targetOrigin: string | undefined,
  what: string,
): RedirectError {
  const headers = redactHeaders(response.headers, context.secrets);
  return new RedirectError(
    { provider: context.provider, operation: context.operation, status: response.status, headers, targetOrigin },
    `${label(context)} ${what}`,
  );
}

/**
 * The typed error for an attempt that got no usable response: the network error's
 * text and cause chain with secrets redacted.
 */
export function connectionError(
  error: unknown,
  context: Pick<CallContext, 'provider' | 'vendor' | 'operation' | 'secrets'>,
): ConnectionError {
  const cause = redactCause(error, context.secrets);
  const inner =
    error instanceof Error && error.cause instanceof Error
      ? `${error.message}: ${error.cause.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  const message = `${label(context)} failed: connection error (${redactText(inner, context.secrets)})`;
  return new ConnectionError({ provider: context.provider, operation: context.operation, cause }, message);
}
