import { ConnectionError, TimeoutError, type Provider } from './errors.js';
import { redactError, redactText } from './internal/redact.js';
import { backoffMs, RETRYABLE_STATUSES, retryAfterMs, type RetryPolicy } from './retry-policy.js';

/** What `onRetry` sees before each wait: the attempt that failed and the wait ahead. */
export interface RetryEvent {
  provider: Provider;
  operation: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** The wait before the next attempt, in ms. */
  delayMs: number;
  /** The status of the failed attempt, when a response arrived. */
  status?: number;
  /** The network error or timeout of the failed attempt, secrets redacted. */
  error?: ConnectionError;
}

/** What `onAttempt` sees after every attempt, the last one included. */
export interface AttemptEvent {
  provider: Provider;
  operation: string;
  /** The attempt, from 1. */
  attempt: number;
  /** How long the attempt took, in ms. */
  durationMs: number;
  /** The status, when a response arrived. */
  status?: number;
  /** The network error or timeout, secrets redacted. */
  error?: ConnectionError;
  /** The wait before the next attempt; absent when this attempt was the last. */
  retryInMs?: number;
}

/** Everything one call's transport needs. */
export interface TransportOptions extends RetryPolicy {
  provider: Provider;
  /** The operation's name; `METHOD /path` of the request when absent (calls through `raw`). */
  operation?: string | undefined;
  /** The fetch to use; `globalThis.fetch` read at call time when absent. */
  fetch?: typeof fetch | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
  /** Values that must never appear in an error (the token or API key). */
  secrets: readonly string[];
  random?: () => number;
}

const TIMED_OUT = Symbol('timed out');
const BODIES = new WeakMap<Response, ArrayBuffer>();

/** The bytes of a Response returned by a retrying fetch, readable even after its body was consumed. */
export function bufferedBody(response: Response): ArrayBuffer | undefined {
  return BODIES.get(response);
}

/**
 * A `fetch` that retries one request under `options`: each attempt gets a fresh
 * Request and its own timeout covering headers and body; the request's own
 * signal aborts everything at once, waits included, with its reason. The
 * returned Response has its body already read, so a stalled body times out
 * and a broken one is retried like any dropped connection.
 * @throws {ConnectionError} no response after the last attempt ({@link TimeoutError} when it timed out)
 */
export function createRetryingFetch(options: TransportOptions): (request: Request) => Promise<Response> {
  return async function retryingFetch(request: Request): Promise<Response> {
    const signal = request.signal;
    const operation = options.operation ?? `${request.method} ${new URL(request.url).pathname}`;
    for (let attempt = 1; ; attempt++) {
      signal.throwIfAborted();
      const started = Date.now();
      let outcome: Response | ConnectionError;
      try {
        outcome = await attemptOnce(request, options);
      } catch (error) {
        signal.throwIfAborted();
        outcome = toConnectionError(error, options, operation);
      }
      const delayMs = nextDelay(outcome, attempt, options);
      const result = outcome instanceof Response ? { status: outcome.status } : { error: outcome };
      const event = { provider: options.provider, operation, attempt, ...result };
      options.onAttempt?.({ ...event, durationMs: Date.now() - started, ...(delayMs === undefined ? {} : { retryInMs: delayMs }) });
      if (delayMs === undefined) {
        if (outcome instanceof Response) return outcome;
        throw outcome;
      }
      options.onRetry?.({ ...event, delayMs });
      await sleep(delayMs, signal);
    }
  };
}

/** The wait before another attempt, or `undefined` when the outcome is final. */
function nextDelay(outcome: Response | ConnectionError, attempt: number, policy: TransportOptions): number | undefined {
  if (attempt > policy.maxRetries) return undefined;
  if (!(outcome instanceof Response)) return backoffMs(attempt, policy, policy.random);
  if (!RETRYABLE_STATUSES.has(outcome.status)) return undefined;
  const serverWait = retryAfterMs(outcome.headers);
  if (serverWait === undefined) return backoffMs(attempt, policy, policy.random);
  // A wait longer than the cap is the caller's decision, not a silent sleep.
  return serverWait > policy.maxRetryAfterMs ? undefined : serverWait;
}

async function attemptOnce(request: Request, options: TransportOptions): Promise<Response> {
  const outer = request.signal;
  const controller = new AbortController();
  const forward = (): void => controller.abort(outer.reason);
  outer.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(() => controller.abort(TIMED_OUT), options.timeoutMs);
  try {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const fresh = new Request(request.body === null ? request : request.clone(), { signal: controller.signal });
    const response = await fetchImpl(fresh);
    const body = await response.arrayBuffer();
    return bufferedResponse(response, body);
  } catch (error) {
    throw controller.signal.reason === TIMED_OUT ? TIMED_OUT : error;
  } finally {
    clearTimeout(timer);
    outer.removeEventListener('abort', forward);
  }
}

function bufferedResponse(response: Response, body: ArrayBuffer): Response {
  const empty = body.byteLength === 0 || [204, 205, 304].includes(response.status);
  const copy = new Response(empty ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  Object.defineProperty(copy, 'url', { value: response.url });
  BODIES.set(copy, body);
  return copy;
}

function toConnectionError(error: unknown, options: TransportOptions, operation: string): ConnectionError {
  const details = { provider: options.provider, operation };
  const label = `${options.provider === 'commbox' ? 'CommBox' : 'CometChat'} ${operation}`;
  if (error === TIMED_OUT) return new TimeoutError(details, `${label} timed out after ${options.timeoutMs} ms`);
  const cause = redactError(error, options.secrets);
  const reason = redactText(error instanceof Error ? error.message : String(error), options.secrets);
  return new ConnectionError({ ...details, cause }, `${label} failed: no response (${reason})`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
