import { pollWaitMs } from './poll-wait.js';

/**
 * One read of a poll loop. Resolves when it worked; rejects when it failed (an error's own
 * `retryAfterMs`, as `InboxApiError` carries, is honoured, capped). A live source (issue 20's stream)
 * plugs in as a `read` that resolves with its next event (with a short `intervalMs()` while it is live);
 * the ETag poll stays the fallback, and its failures back off like any read's.
 */
export type PollRead = (signal: AbortSignal) => Promise<void>;

/** Options of {@link startPollLoop}. */
export interface PollLoopOptions {
  read: PollRead;
  /** The time between reads now, in ms (asked before each wait: it may change). */
  intervalMs: () => number;
  /** Ends the loop: `done` then resolves. */
  signal: AbortSignal;
  /** Hears of each failed read (wrap it with {@link quietly}: the loop does not catch what it throws). */
  onError?: (error: unknown) => void;
}

/** A running poll loop. */
export interface PollLoop {
  /** Resolves when the loop has ended (its signal aborted). Never rejects. */
  done: Promise<void>;
  /** Reads as soon as the read in flight (if any) has ended; resolves once that read has ended, or the loop has. */
  now(): Promise<void>;
  /** Re-checks the wait at once (after `intervalMs()` changed): reads now if the new interval is already over. */
  recheck(): void;
}

/** `report` made safe to call: what it throws is dropped (a broken reporter must not end a loop). */
export const quietly =
  (report?: (error: unknown) => void) =>
  (error: unknown): void => {
    try {
      report?.(error);
    } catch {
      // dropped on purpose
    }
  };

/**
 * The one poll loop of the browser client's `watch` and the React hooks: reads, then waits
 * {@link pollWaitMs} (the interval; after failures the capped `Retry-After` or a doubling backoff), one
 * read at a time. Pauses while the page is hidden and reads at once when it shows again (unless
 * backing off). Nothing `read` does can make it reject or stop early.
 */
export function startPollLoop({ read, intervalMs, signal, onError }: PollLoopOptions): PollLoop {
  const page = typeof document === 'undefined' ? undefined : document;
  const hidden = (): boolean => page?.visibilityState === 'hidden';
  let wake = (): void => {};
  let requested = false;
  let waiting: (() => void)[] = [];
  /** Resolves after `ms` (never, when undefined), or at once on abort, `now()` or a visibility change. */
  const sleep = (ms?: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        page?.removeEventListener('visibilitychange', done);
        resolve();
      };
      signal.addEventListener('abort', (wake = done));
      page?.addEventListener('visibilitychange', done);
    });

  const done = (async () => {
    let endedAt = -Infinity;
    let failures = 0;
    let retryAfterMs: unknown;
    while (!signal.aborted) {
      if (!requested) {
        if (hidden()) {
          await sleep();
          // Shown again: read at once, unless backing off.
          requested ||= !failures && !hidden();
          continue;
        }
        const left = endedAt + pollWaitMs(intervalMs(), failures, retryAfterMs) - Date.now();
        if (left > 0) {
          await sleep(left);
          continue;
        }
      }
      requested = false;
      const settled = waiting;
      waiting = [];
      try {
        await read(signal);
        failures = 0;
      } catch (error) {
        failures++;
        retryAfterMs = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
        if (!signal.aborted) onError?.(error);
      }
      endedAt = Date.now();
      settled.forEach((resolve) => resolve());
    }
    waiting.forEach((resolve) => resolve());
  })();

  return {
    done,
    now: () =>
      new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        waiting.push(resolve);
        requested = true;
        wake();
      }),
    recheck: () => wake(),
  };
}
