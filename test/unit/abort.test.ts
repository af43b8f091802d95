import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { delay, withDeadline } from '../../src/core/abort.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('delay', () => {
  it('resolves after the time, not before', async () => {
    let done = false;
    const waiting = delay(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
  });

  it("rejects at once with the signal's reason, and leaves no timer", async () => {
    const controller = new AbortController();
    const waiting = delay(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(vi.getTimerCount()).toBe(0);
    await expect(delay(10, controller.signal)).rejects.toThrow('stop');
  });
});

describe('withDeadline', () => {
  it('gives the result and releases the timer', async () => {
    await expect(withDeadline(async () => 7, 1000)).resolves.toBe(7);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at the deadline even when the work ignores its signal, and aborts that signal', async () => {
    let signal: AbortSignal | undefined;
    const result = withDeadline((given) => ((signal = given), new Promise<never>(() => undefined)), 500, {
      reason: () => new Error('too slow'),
    });
    const settled = expect(result).rejects.toThrow('too slow');
    await vi.advanceTimersByTimeAsync(500);
    await settled;
    expect(signal!.aborted).toBe(true);
  });

  it('a TimeoutError DOMException by default; the caller abort wins when first', async () => {
    const timedOut = withDeadline(() => new Promise(() => undefined), 10);
    const check = expect(timedOut).rejects.toMatchObject({ name: 'TimeoutError' });
    await vi.advanceTimersByTimeAsync(10);
    await check;
    const controller = new AbortController();
    const aborted = withDeadline(() => new Promise(() => undefined), 1000, { signal: controller.signal });
    controller.abort(new Error('caller'));
    await expect(aborted).rejects.toThrow('caller');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes on what the work throws, sync or async', async () => {
    await expect(
      withDeadline(() => {
        throw new Error('sync');
      }, 1000),
    ).rejects.toThrow('sync');
    await expect(
      withDeadline(async () => {
        throw new Error('async');
      }, 1000),
    ).rejects.toThrow('async');
    expect(vi.getTimerCount()).toBe(0);
  });
});
