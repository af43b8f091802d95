/** How long the browser's poll loop waits between reads, and its interval option. */

/** The longest delay a timer can hold: larger ones fire at once in Node and in browsers. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The longest wait after failures, unless `intervalMs` is longer: 5 minutes. */
export const MAX_BACKOFF_MS = 300_000;

/**
 * The wait before the next read, in ms. After a good read: `intervalMs`. After the n-th failure in a row:
 * the server's `retryAfterMs` when it is a number ≥ 0, else `intervalMs × 2ⁿ`; never less than
 * `intervalMs`, never more than `max(intervalMs, 5 min)`: an absurd, infinite, negative or non-numeric
 * `Retry-After` can neither stop the loop for days nor overflow a timer (2³¹−1 ms) into a flood.
 */
export function pollWaitMs(intervalMs: number, failures: number, retryAfterMs?: unknown): number {
  const wanted = !failures
    ? 0
    : typeof retryAfterMs === 'number' && retryAfterMs >= 0
      ? retryAfterMs
      : intervalMs * 2 ** Math.min(failures, 30);
  return Math.min(Math.max(wanted, intervalMs), Math.max(intervalMs, MAX_BACKOFF_MS));
}

/**
 * A poll interval option: an integer from 1 to 2³¹−1 ms (`Infinity`, `0`, `NaN` and fractions are refused:
 * a timer would fire them at once, or never).
 * @throws {TypeError} `${where}: "${name}" …` naming the option (`intervalMs` by default)
 */
export function intervalOption(value: unknown, where: string, name = 'intervalMs'): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_TIMER_MS) {
    throw new TypeError(`${where}: "${name}" must be an integer from 1 to 2**31-1 ms, got ${String(value)}`);
  }
  return value as number;
}
