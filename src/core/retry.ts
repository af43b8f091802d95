import { ConnectionError, PROVIDER_NAMES, TimeoutError, type Provider } from './errors.js';
import { redactError, redactText } from './redact.js';
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

/**
 * What the facade hands the transport: the controller already inside the Request
 * openapi-fetch built (so the first attempt needs no second Request) and the
 * caller's signal. The transport leaves `release` here: the final response's body
 * is still to be read, under the same timeout, and the caller calls it once done.
 */
export interface AttemptContext {
  controller: AbortController;
  callerSignal?: AbortSignal | undefined;
  release?: () => void;
}

interface Attempt {
  response: Response;
  /** Clears the attempt's timer and listener. */
  release: () => void;
}

/**
 * A `fetch` that retries one request under `options`: each attempt has its own
 * timeout, headers and body, and a fresh Request after the first; the caller's
 * signal aborts everything at once, waits included, with its reason.
 * With a context (the facade), the final response is returned unread and its
 * timeout released by the caller; without one (`raw`), its body is read here.
 * @throws {ConnectionError} no response after the last attempt ({@link TimeoutError} when it timed out)
 */
export function createRetryingFetch(options: TransportOptions): (request: Request, context?: AttemptContext) => Promise<Response> {
  return async function retryingFetch(request: Request, context?: AttemptContext): Promise<Response> {
    const signal = context ? context.callerSignal : request.signal;
    const operation = options.operation ?? `${request.method} ${new URL(request.url).pathname}`;
    // A body can be read once: later attempts copy it from this template.
    const template = request.body === null ? request : request.clone();
    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const started = Date.now();
      let outcome: Attempt | ConnectionError;
      try {
        outcome = await attemptOnce(attempt === 1 ? request : template, options, signal, attempt === 1 ? context?.controller : undefined);
      } catch (error) {
        signal?.throwIfAborted();
        outcome = connectionError(error, options, operation);
      }
      const response = outcome instanceof ConnectionError ? undefined : outcome.response;
      const delayMs = nextDelay(outcome instanceof ConnectionError ? outcome : outcome.response, attempt, options);
      const event = { provider: options.provider, operation, attempt, ...(response ? { status: response.status } : { error: outcome as ConnectionError }) };
      options.onAttempt?.({ ...event, durationMs: Date.now() - started, ...(delayMs === undefined ? {} : { retryInMs: delayMs }) });
      if (delayMs === undefined) {
        if (outcome instanceof ConnectionError) throw outcome;
        if (context) {
          context.release = outcome.release;
          return outcome.response;
        }
        return readNow(outcome);
      }
      if (!(outcome instanceof ConnectionError)) {
        void outcome.response.body?.cancel().catch(() => undefined);
        outcome.release();
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

async function attemptOnce(request: Request, options: TransportOptions, callerSignal: AbortSignal | undefined, reuse?: AbortController): Promise<Attempt> {
  const controller = reuse ?? new AbortController();
  const forward = reuse || !callerSignal ? undefined : (): void => controller.abort(callerSignal.reason);
  if (forward) callerSignal!.addEventListener('abort', forward, { once: true });
  const timer = setTimeout(() => controller.abort(TIMED_OUT), options.timeoutMs);
  const release = (): void => {
    clearTimeout(timer);
    if (forward) callerSignal!.removeEventListener('abort', forward);
  };
  try {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const response = await fetchImpl(reuse ? request : new Request(request.body === null ? request : request.clone(), { signal: controller.signal }));
    return { response, release };
  } catch (error) {
    release();
    throw controller.signal.reason === TIMED_OUT ? TIMED_OUT : error;
  }
}

/** The response with its body read under the attempt's timeout (for `raw` calls, which have no caller to release it). */
async function readNow({ response, release }: Attempt): Promise<Response> {
  try {
    const body = await response.arrayBuffer();
    const empty = body.byteLength === 0 || [204, 205, 304].includes(response.status);
    const copy = new Response(empty ? null : body, response);
    Object.defineProperty(copy, 'url', { value: response.url });
    return copy;
  } finally {
    release();
  }
}

/**
 * The typed error for a failure without a usable response: a timeout of the
 * attempt, or the network error (secrets redacted, kept as `cause`).
 */
export function connectionError(error: unknown, options: Pick<TransportOptions, 'provider' | 'timeoutMs' | 'secrets'>, operation: string): ConnectionError {
  const details = { provider: options.provider, operation };
  const label = `${PROVIDER_NAMES[options.provider]} ${operation}`;
  if (error === TIMED_OUT) return new TimeoutError(details, `${label} timed out after ${options.timeoutMs} ms`);
  const cause = redactError(error, options.secrets);
  const reason = redactText(error instanceof Error ? error.message : String(error), options.secrets);
  return new ConnectionError({ ...details, cause }, `${label} failed: connection error (${reason})`);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
