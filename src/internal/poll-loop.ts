import { pollWaitMs } from './poll-wait.js';

/**
 * One read of a poll loop. Resolves when it worked; resolves `{ retryAfterMs }` to back off without an
 * error (the data was taken, but its source is throttled); rejects when it failed (an error's own
 * `retryAfterMs`, as `InboxApiError` carries, is honoured, capped). A live source (a stream) can be
 * plugged in later as a `read` that resolves with its next event.
 */
export type PollRead = (signal: AbortSignal) => Promise<void | { retryAfterMs?: number }>;

/** Options of {@link startPollLoop}. */
export interface PollLoopOptions {
  read: PollRead;
  /** The time between reads now, in ms (asked before each wait: it may change). */
  intervalMs: () => number;
  /** The ceiling of any wait, from `intervalMs` up. @default 300000 */
  maxBackoffMs?: number;
  /** Ends the loop: `done` then resolves. */
  signal: AbortSignal;
  /** Hears of each failed read; a reporter that throws does not stop the loop. */
  onError?: (error: unknown) => void;
}

/** A running poll loop. */
export interface PollLoop {
  /** Resolves when the loop has ended (its signal aborted). Never rejects. */
  done: Promise<void>;
  /** Reads as soon as the read in flight (if any) ends; resolves once that read has ended (or the loop has). */
  now(): Promise<void>;
  /** Re-checks the wait at once (after `intervalMs()` changed). */
  recheck(): void;
}

const hidden = (): boolean => typeof document !== 'undefined' && document.visibilityState === 'hidden';

/**
 * The one poll loop of the browser client and the React hooks (and `inbox.watch`): reads, then waits
 * {@link pollWaitMs} (the interval; after failures the capped `Retry-After` or a doubling backoff), one
 * read at a time. Pauses while the page is hidden and reads at once when it shows again (unless
 * backing off). Nothing it calls can make it reject or stop early.
 */
export function startPollLoop({ read, intervalMs, maxBackoffMs, signal, onError }: PollLoopOptions): PollLoop {
  let wake = (): void => {};
  let requested = false;
  let waiting: (() => void)[] = [];
  const report = (error: unknown): void => {
    try {
      onError?.(error);
    } catch {
      // a reporter that throws must not end the loop
    }
  };
  /** Resolves after `ms` (never, when undefined), or at once on abort, `wake()` or a visibility change. */
  const sleep = (ms?: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', done);
        wake = () => {};
        resolve();
      };
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      signal.addEventListener('abort', done);
      if (typeof document !== 'undefined') document.addEventListener('visibilitychange', done);
      wake = done;
    });

  const done = (async () => {
    let endedAt = -Infinity;
    let failures = 0;
    let retryAfterMs: unknown;
    let wasHidden = false;
    while (!signal.aborted) {
      if (!requested) {
        if (hidden()) {
          wasHidden = true;
          await sleep();
          continue;
        }
        if (wasHidden && !failures) endedAt = -Infinity;
        wasHidden = false;
        const left = endedAt + pollWaitMs(intervalMs(), failures, retryAfterMs, maxBackoffMs) - Date.now();
        if (left > 0) {
          await sleep(left);
          continue;
        }
      }
      requested = false;
      const settled = waiting;
      waiting = [];
      try {
        const outcome = await read(signal);
        failures = outcome ? failures + 1 : 0;
        retryAfterMs = outcome?.retryAfterMs;
      } catch (error) {
        if (!signal.aborted) {
          failures++;
          retryAfterMs = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
          report(error);
        }
      }
      endedAt = Date.now();
      for (const resolve of settled) resolve();
    }
    for (const resolve of waiting) resolve();
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
