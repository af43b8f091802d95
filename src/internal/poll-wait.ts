/** How long a poll loop waits between reads: one rule for every loop (browser watch, React hooks, `inbox.watch`). */

/** The longest delay a timer can hold: larger ones fire at once in Node and in browsers. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest wait after failures, unless `intervalMs` is longer: 5 minutes. */
export const MAX_BACKOFF_MS = 300_000;

/**
 * The wait before the next read, in ms. After a good read: `intervalMs`. After the n-th failure in a row:
 * the server's `retryAfterMs` when it is a number ≥ 0, capped at `max(maxBackoffMs, 5 min)`; else
 * `intervalMs × 2ⁿ`, capped at `maxBackoffMs`. Never less than `intervalMs`, never more than 2³¹−1: an
 * absurd, infinite, negative or non-numeric `Retry-After` can neither stop the loop for days nor
 * overflow a timer into a flood.
 * @param maxBackoffMs the ceiling of the doubling backoff @default MAX_BACKOFF_MS
 */
export function pollWaitMs(intervalMs: number, failures: number, retryAfterMs?: unknown, maxBackoffMs = MAX_BACKOFF_MS): number {
  if (!(failures > 0)) return Math.min(intervalMs, MAX_TIMER_MS);
  const fromServer = typeof retryAfterMs === 'number' && retryAfterMs >= 0;
  const wanted = fromServer ? retryAfterMs : intervalMs * 2 ** Math.min(failures, 30);
  const ceiling = fromServer ? Math.max(maxBackoffMs, MAX_BACKOFF_MS) : maxBackoffMs;
  return Math.min(Math.max(wanted, intervalMs), Math.max(intervalMs, ceiling), MAX_TIMER_MS);
}

/**
 * A poll interval option: an integer from 1 to 2³¹−1 ms (`Infinity`, `0`, `NaN` and fractions are refused:
 * a timer would fire them at once, or never).
 * @throws {TypeError} `${where}: "intervalMs" …` naming the option
 */
export function intervalOption(value: unknown, where: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_TIMER_MS) {
    throw new TypeError(`${where}: "intervalMs" must be an integer from 1 to ${MAX_TIMER_MS} (ms), got ${String(value)}`);
  }
  return value as number;
}
