/** How calls are retried. Every field has a default; tests shorten the delays. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables. @default 2 */
  maxRetries: number;
  /** Bound on each attempt, headers and body, in ms (1 to 2³¹−1). @default 30000 */
  timeoutMs: number;
  /** First backoff ceiling in ms, doubled each retry (1 to 2³¹−1). @default 500 */
  initialDelayMs: number;
  /** Largest backoff ceiling in ms (1 to 2³¹−1). @default 8000 */
  maxDelayMs: number;
  /** A server-requested wait longer than this is not slept: the error is thrown with `retryAfterMs` (1 to 2³¹−1). @default 60000 */
  maxRetryAfterMs: number;
}

/** The policy a client gets when it sets none: 2 retries, 30 s per attempt, 0.5–8 s backoff, Retry-After up to 60 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 2,
  timeoutMs: 30_000,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Statuses worth another attempt. Every operation we cover is safe to repeat (reads, and
 * mark-read, which changes nothing the second time).
 * 408: the server gave up waiting; 429: throttled; 500/502/503/504: transient failures.
 * Never 400/401/403/404/422 (the same request fails the same way) nor 501 (never implemented).
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * The backoff before retry number `retry` (1-based): "equal jitter" under an exponential
 * ceiling, so a retry is spread out yet never immediate (at least half the ceiling, ≥ 1 ms).
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (retry - 1));
  return Math.max(1, Math.round(ceiling / 2 + random() * (ceiling / 2)));
}

/** RFC 9110's IMF-fixdate, the one date form a server should send in `Retry-After`. */
const IMF_FIXDATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** A vendor's own way of saying how long to wait (a rate-limit reset header), in ms from `now`. */
export type RateLimitWaitReader = (headers: Headers, now: number) => number | undefined;

/**
 * How long the server asked the client to wait, in ms, or `undefined` when it did not say
 * in a usable way: `Retry-After` as delta-seconds (a non-negative integer) or an
 * IMF-fixdate, then the vendor's own reader (`readVendorWait`), when it has one. A wait of 0
 * (or a time already past) is no usable wait: the caller falls back to its jittered backoff.
 */
export function retryAfterMs(
  headers: Headers,
  now: number = Date.now(),
  readVendorWait?: RateLimitWaitReader,
): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  let wait: number | undefined;
  if (retryAfter && /^\d{1,10}$/.test(retryAfter)) wait = Number(retryAfter) * 1000;
  else if (retryAfter && IMF_FIXDATE.test(retryAfter)) wait = Date.parse(retryAfter) - now;
  if (wait === undefined && readVendorWait) wait = readVendorWait(headers, now);
  return wait !== undefined && Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : undefined;
}
