/** How calls are retried. Every field has a default; tests shorten the delays. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables. @default 2 */
  maxRetries: number;
  /** Bound on each attempt, headers and body, in ms. @default 30000 */
  timeoutMs: number;
  /** First backoff ceiling in ms, doubled each retry (full jitter). @default 500 */
  initialDelayMs: number;
  /** Largest backoff ceiling in ms. @default 8000 */
  maxDelayMs: number;
  /** A server-requested wait longer than this is not slept: the error is thrown with `retryAfterMs`. @default 60000 */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  timeoutMs: 30_000,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Statuses worth another attempt. All our operations are GETs (safe to repeat).
 * 408: the server gave up waiting; 429: throttled; 500/502/503/504: transient failures.
 * Never 400/401/403/404/422 (the same request fails the same way) nor 501 (never implemented).
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** The backoff before retry number `retry` (1-based): full jitter under an exponential ceiling. */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

/**
 * How long the server asked the client to wait, in ms: `Retry-After` (seconds or an
 * HTTP date) first, then CometChat's `X-Rate-Limit-Reset` (epoch seconds).
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-rate-limit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}
