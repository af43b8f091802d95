import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisStore, RedisStoreTimeoutError, type RedisCommandClient } from 'conversations-client/redis';

// Unit tests with an injected client: the store's own timers, under fake time.
afterEach(() => {
  vi.useRealTimers();
});

describe("the store's time limit per command", () => {
  it('leaves no timer behind once a command answers', async () => {
    vi.useFakeTimers();
    const store = createRedisStore({ call: async () => 'v1:value' });
    expect(await store.get('k')).toBe('value');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects a command that never answers after commandTimeoutMs, and clears its timer', async () => {
    vi.useFakeTimers();
    const silent: RedisCommandClient = { call: () => new Promise(() => {}) };
    const store = createRedisStore(silent, { commandTimeoutMs: 400 });
    const pending = store.set('k', 'v', 1_000).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(399);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBeInstanceOf(RedisStoreTimeoutError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a client that throws synchronously rejects, it does not throw', async () => {
    const store = createRedisStore({
      call: () => {
        throw new Error('Connection is closed.');
      },
    });
    await expect(store.delete('k')).rejects.toMatchObject({ name: 'RedisStoreError', command: 'DEL' });
  });

  it('sends the commands the contract names, with the prefix, and PX in whole milliseconds', async () => {
    const sent: (string | number)[][] = [];
    const store = createRedisStore(
      { call: async (...args) => (sent.push(args), args[0] === 'SET' && args.includes('NX') ? null : 'OK') },
      { keyPrefix: 'p:' },
    );
    await store.set('k', 'v', 1.2);
    await store.delete('k');
    expect(await store.acquireLock('l', 500)).toBeUndefined();
    await store.releaseLock('l', 'token');
    expect(sent).toEqual([
      ['SET', 'p:k', 'v1:v', 'PX', 2],
      ['DEL', 'p:k'],
      ['SET', 'p:l', expect.any(String), 'NX', 'PX', 500],
      ['EVAL', expect.stringContaining("redis.call('del', KEYS[1])"), 1, 'p:l', 'token'],
    ]);
  });
});
