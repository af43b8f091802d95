import { setImmediate as nextTurn, setTimeout as realSleep } from 'node:timers/promises';
import { vi } from 'vitest';

/**
 * Runs `work` on fake timers over real I/O (sockets, servers): the fake clock moves to the next
 * timer only while `idle()` holds, that is while no real work is in flight that a timer could cut
 * short (a deadline firing on a healthy answer still on its way). So deadlines and waits cost no
 * wall time, and a slow machine only makes the run slower, never different.
 * Call it after `vi.useFakeTimers()`; `idle` must hold for two turns of the event loop in a row
 * (work started in the same turn has had time to show). Waits for I/O by polling every 2 ms of
 * real time: a poll interval, not a budget.
 * @returns what `work` resolves to
 * @throws what `work` throws
 */
export async function runOnFakeClock<T>(work: Promise<T>, idle: () => boolean): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  done.catch(() => {});
  while (!settled) {
    if (idle()) {
      await nextTurn();
      await nextTurn();
      if (!settled && idle() && vi.getTimerCount() > 0) {
        await vi.advanceTimersToNextTimerAsync();
        continue;
      }
    }
    await realSleep(2);
  }
  return done;
}

/**
 * The fake timers still pending once real I/O has wound down, for leak checks after closing
 * servers: `fetch` (undici) keeps a housekeeping timer (a tick every ~0.5 s) while it holds
 * connections, which stops once it has seen them close. Polls every 5 ms of real time, moving the
 * fake clock 0.5 s per poll but never more than `fakeMs` in all (keep it under the deadline a
 * leak would leave, so that timer is still counted), until no timer is left or `patienceMs` of
 * real time has passed.
 * @param patienceMs far above a loopback close, even on a loaded machine. @default 10_000
 */
export async function fakeTimersLeft(fakeMs: number, patienceMs = 10_000): Promise<number> {
  const end = performance.now() + patienceMs;
  let moved = 0;
  while (vi.getTimerCount() > 0 && performance.now() < end) {
    await realSleep(5);
    const step = Math.min(500, fakeMs - moved);
    if (step > 0) {
      await vi.advanceTimersByTimeAsync(step);
      moved += step;
    }
  }
  return vi.getTimerCount();
}
