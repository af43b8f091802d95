import { delay } from './abort.js';
import { ConnectionError } from './errors.js';
import { backoffMs, RETRYABLE_STATUSES, retryAfterMs, type RetryPolicy } from './retry-policy.js';
import { traceVendorCall, type VendorCallTrace } from './telemetry-hook.js';
import { sendOnce, type CallContext, type OutgoingRequest, type ReceivedResponse } from './transport.js';

/** What `onRetry` sees before each retry's wait. */
export interface RetryEvent {
  provider: string;
  operation: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** The wait before the next attempt, in ms. */
  delayMs: number;
  /** The failed attempt's status, when a response arrived. */
  status?: number;
  /** The network error or timeout of the failed attempt, secrets redacted. */
  error?: ConnectionError;
}

/** What `onAttempt` sees after every attempt, the last one included. */
export interface AttemptEvent {
  provider: string;
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

/** The hooks and randomness of a client's retries. */
export interface RetryHooks {
  onRetry?: ((event: RetryEvent) => void) | undefined;
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
  random?: (() => number) | undefined;
}

/**
 * Sends `request` until it gets a final answer: network errors, timeouts and the
 * statuses in {@link RETRYABLE_STATUSES} are tried again up to `policy.maxRetries`
 * times, after the server's `Retry-After` (when usable and within `maxRetryAfterMs`) or
 * a jittered backoff. The caller's signal ends everything at once, waits included, with
 * its reason. Redirect and size errors are final.
 * @returns the last response, whatever its status
 * @throws {ConnectionError} no response after the last attempt ({@link TimeoutError} when it timed out)
 */
export function sendWithRetries(
  request: OutgoingRequest,
  context: CallContext,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<ReceivedResponse> {
  const trace = traceVendorCall(request, context); // a client span and metrics, once the server entry installed them
  // Not async: without a trace the loop's own promise is the call's (no extra promise to resolve per call).
  return trace ? tracedLoop(request, context, policy, hooks, trace) : retryLoop(request, context, policy, hooks);
}

async function tracedLoop(
  request: OutgoingRequest,
  context: CallContext,
  policy: RetryPolicy,
  hooks: RetryHooks,
  trace: VendorCallTrace,
): Promise<ReceivedResponse> {
  try {
    return trace.end(await retryLoop(request, context, policy, hooks, trace));
  } catch (error) {
    throw trace.fail(error);
  }
}

async function retryLoop(
  request: OutgoingRequest,
  context: CallContext,
  policy: RetryPolicy,
  hooks: RetryHooks,
  trace?: VendorCallTrace,
): Promise<ReceivedResponse> {
  for (let attempt = 1; ; attempt++) {
    const started = hooks.onAttempt ? Date.now() : 0;
    let outcome: ReceivedResponse | ConnectionError;
    // Which of the two it is, known here (a branded `instanceof` per attempt costs more than the flag).
    let failed = false;
    try {
      outcome = await (trace ? trace.attempt(attempt, () => sendOnce(request, context)) : sendOnce(request, context));
    } catch (error) {
      if (!(error instanceof ConnectionError) || context.signal?.aborted) throw error;
      outcome = error;
      failed = true;
    }
    const delayMs = nextDelay(outcome, failed, attempt, policy, context, hooks.random);
    const event =
      hooks.onAttempt || (hooks.onRetry && delayMs !== undefined) ? attemptEvent(context, attempt, outcome) : undefined;
    if (hooks.onAttempt)
      hooks.onAttempt({
        ...event!,
        durationMs: Date.now() - started,
        ...(delayMs === undefined ? {} : { retryInMs: delayMs }),
      });
    if (delayMs === undefined) {
      if (failed) throw outcome;
      return outcome as ReceivedResponse;
    }
    trace?.retry(delayMs, outcome);
    hooks.onRetry?.({ ...event!, delayMs });
    await delay(delayMs, context.signal);
  }
}

/** What the hooks are told of an attempt: its status, or its error. */
function attemptEvent(
  context: CallContext,
  attempt: number,
  outcome: ReceivedResponse | ConnectionError,
): Omit<AttemptEvent, 'durationMs'> {
  const base = { provider: context.provider, operation: context.operation, attempt };
  return outcome instanceof ConnectionError ? { ...base, error: outcome } : { ...base, status: outcome.status };
}

/** The wait before another attempt, or `undefined` when the outcome is final. */
function nextDelay(
  outcome: ReceivedResponse | ConnectionError,
  failed: boolean,
  attempt: number,
  policy: RetryPolicy,
  context: CallContext,
  random?: () => number,
): number | undefined {
  if (attempt > policy.maxRetries) return undefined;
  if (failed) return backoffMs(attempt, policy, random);
  const { status, headers } = outcome as ReceivedResponse;
  if (!RETRYABLE_STATUSES.has(status)) return undefined;
  const serverWait = retryAfterMs(headers, Date.now(), context.vendor.readRateLimitWait);
  if (serverWait === undefined) return backoffMs(attempt, policy, random);
  // A wait longer than the cap is the caller's decision, not a silent sleep.
  return serverWait > policy.maxRetryAfterMs ? undefined : serverWait;
}
