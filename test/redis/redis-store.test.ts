import { createClient } from '@redis/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createRedisStore, fromNodeRedis, RedisStoreError, VALUE_FORMAT_VERSION } from 'conversations-client/redis';
import { redisClients, uniquePrefix, until } from '../support/redis-clients.js';

const url = inject('redisUrl');
const clients = redisClients();
afterAll(() => clients.closeAll());

/** Two stores with separate connections, as two server instances have. */
function twoInstances(keyPrefix = uniquePrefix()) {
  const raw = clients.connect(url);
  return {
    keyPrefix,
    raw,
    a: createRedisStore(clients.connect(url), { keyPrefix }),
    b: createRedisStore(clients.connect(url), { keyPrefix }),
  };
}

describe('createRedisStore: shared cache', () => {
  it('a value one instance sets is read by another, under the prefixed key with a Redis expiry', async () => {
    const { a, b, raw, keyPrefix } = twoInstances();
    await a.set('read:cometchat:app:hash:user-1', '{"at":1}', 60_000);
    expect(await b.get('read:cometchat:app:hash:user-1')).toBe('{"at":1}');
    const ttl = await raw.pttl(`${keyPrefix}read:cometchat:app:hash:user-1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('an entry expires by its TTL on every instance', async () => {
    const { a, b } = twoInstances();
    await a.set('k', 'v', 80);
    await until(async () => (await b.get('k')) === undefined);
    expect(await a.get('k')).toBeUndefined();
  });

  it('delete on one instance (markRead) removes the entry for all', async () => {
    const { a, b } = twoInstances();
    await a.set('k', 'v', 60_000);
    await b.delete('k');
    expect(await a.get('k')).toBeUndefined();
    await expect(b.delete('absent')).resolves.toBeUndefined();
  });

  it('a TTL of zero or less removes the entry instead of storing it', async () => {
    const { a, raw, keyPrefix } = twoInstances();
    await a.set('k', 'v', 60_000);
    await a.set('k', 'w', 0);
    expect(await raw.exists(`${keyPrefix}k`)).toBe(0);
  });

  it('keyPrefix keeps stores apart on one Redis', async () => {
    const one = createRedisStore(clients.connect(url), { keyPrefix: uniquePrefix() });
    const two = createRedisStore(clients.connect(url), { keyPrefix: uniquePrefix() });
    await one.set('same-key', 'one', 60_000);
    expect(await two.get('same-key')).toBeUndefined();
  });
});

describe('createRedisStore: versioned values', () => {
  it('writes the format version in front of the value', async () => {
    const { a, raw, keyPrefix } = twoInstances();
    await a.set('k', '{"x":1}', 60_000);
    expect(await raw.get(`${keyPrefix}k`)).toBe(`v${VALUE_FORMAT_VERSION}:{"x":1}`);
  });

  it.each([
    ['another version', `v${VALUE_FORMAT_VERSION + 1}:{"new":"format"}`],
    ['no version', '{"at":1}'],
    ['an empty string', ''],
    ['binary junk', '\u0000\u00ff'],
  ])('a value with %s reads as a miss, never an error', async (_, stored) => {
    const { a, raw, keyPrefix } = twoInstances();
    await raw.set(`${keyPrefix}k`, stored);
    await expect(a.get('k')).resolves.toBeUndefined();
  });

  it('a key of another Redis type reads as a store error, not a crash', async () => {
    const { a, raw, keyPrefix } = twoInstances();
    await raw.lpush(`${keyPrefix}k`, 'x');
    await expect(a.get('k')).rejects.toBeInstanceOf(RedisStoreError);
    // Redis answered: the store is not in an outage, the next command goes through.
    await a.set('other', 'v', 60_000);
    expect(await a.get('other')).toBe('v');
  });
});

describe('createRedisStore: locks', () => {
  it('one instance holds a lock; the others get undefined until it is released', async () => {
    const { a, b } = twoInstances();
    const token = await a.acquireLock('lock:x', 60_000);
    expect(token).toEqual(expect.any(String));
    expect(await b.acquireLock('lock:x', 60_000)).toBeUndefined();
    await b.releaseLock('lock:x', 'not-the-token');
    expect(await b.acquireLock('lock:x', 60_000)).toBeUndefined();
    await a.releaseLock('lock:x', token!);
    const next = await b.acquireLock('lock:x', 60_000);
    expect(next).toEqual(expect.any(String));
    expect(next).not.toBe(token);
  });

  it('exactly one of 50 concurrent acquirers on three instances wins', async () => {
    const keyPrefix = uniquePrefix();
    const instances = [1, 2, 3].map(() => createRedisStore(clients.connect(url), { keyPrefix }));
    const tokens = await Promise.all(
      Array.from({ length: 50 }, (_, index) => instances[index % 3]!.acquireLock('lock:y', 60_000)),
    );
    expect(tokens.filter(Boolean)).toHaveLength(1);
  });

  it('a lock whose holder died expires, and another instance takes it', async () => {
    const { a, b } = twoInstances();
    expect(await a.acquireLock('lock:z', 100)).toBeDefined();
    await until(async () => (await b.acquireLock('lock:z', 60_000)) !== undefined);
    // The dead holder's late release does not free the new holder's lock.
    await a.releaseLock('lock:z', 'stale-token');
    expect(await a.acquireLock('lock:z', 60_000)).toBeUndefined();
  });
});

describe('fromNodeRedis', () => {
  it('runs the store on a node-redis client', async () => {
    const client = await createClient({ url }).connect();
    try {
      const keyPrefix = uniquePrefix();
      const nodeRedis = createRedisStore(fromNodeRedis(client), { keyPrefix });
      const ioredis = createRedisStore(clients.connect(url), { keyPrefix });
      await nodeRedis.set('k', 'from node-redis', 60_000);
      expect(await ioredis.get('k')).toBe('from node-redis');
      const token = await nodeRedis.acquireLock('lock', 60_000);
      expect(await ioredis.acquireLock('lock', 60_000)).toBeUndefined();
      await nodeRedis.releaseLock('lock', token!);
      expect(await ioredis.acquireLock('lock', 60_000)).toBeDefined();
      await nodeRedis.delete('k');
      expect(await ioredis.get('k')).toBeUndefined();
    } finally {
      client.destroy();
    }
  });

  it('a node-redis error reply is Redis answering, not an outage', async () => {
    const client = await createClient({ url }).connect();
    try {
      const keyPrefix = uniquePrefix();
      await client.lPush(`${keyPrefix}list`, 'x');
      const store = createRedisStore(fromNodeRedis(client), { keyPrefix, retryIntervalMs: 60_000 });
      await expect(store.get('list')).rejects.toBeInstanceOf(RedisStoreError);
      await store.set('k', 'still up', 60_000);
      expect(await store.get('k')).toBe('still up');
    } finally {
      client.destroy();
    }
  });

  it('refuses something that is not a node-redis client, naming it', () => {
    expect(() => fromNodeRedis({} as never)).toThrow(/fromNodeRedis: client/);
  });
});

describe('createRedisStore: bad input', () => {
  it.each([
    [undefined, /redis must be/],
    [{}, /redis must be/],
  ])('refuses %s as the client', (client, message) => {
    expect(() => createRedisStore(client as never)).toThrow(message);
  });

  it.each([
    [{ commandTimeoutMs: 0 }, /commandTimeoutMs/],
    [{ commandTimeoutMs: Number.NaN }, /commandTimeoutMs/],
    [{ retryIntervalMs: -1 }, /retryIntervalMs/],
    [{ keyPrefix: 5 }, /keyPrefix/],
  ])('refuses options %o, naming the option', (options, message) => {
    expect(() => createRedisStore(clients.connect(url, { lazyConnect: true }), options as never)).toThrow(message);
  });
});
