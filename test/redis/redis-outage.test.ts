import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRedisStore,
  RedisStoreError,
  RedisStoreTimeoutError,
  type RedisCommandClient,
} from 'conversations-client/redis';
import { startRedisServer, type RedisServer } from '../../scripts/redis-server.js';
import { redisClients, until } from '../support/redis-clients.js';

// A redis-server of this file's own, so stopping it disturbs no other test.
let server: RedisServer;
const clients = redisClients();
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  clients.closeAll();
  await server.stop();
});

/** Counts the commands that reach the client. */
function counting(client: RedisCommandClient) {
  const counter = {
    calls: 0,
    client: {
      call: (command: string, ...args: (string | number)[]) => (counter.calls++, client.call(command, ...args)),
    },
  };
  return counter;
}

describe('createRedisStore while Redis is down', () => {
  it('rejects every method with a RedisStoreError, stops sending commands, and shares state again once Redis is back', async () => {
    // ioredis defaults: offline queue on, 20 retries per request. The store's own limit decides.
    const a = counting(clients.connect(server.url));
    const options = { keyPrefix: 'outage:', commandTimeoutMs: 2_000, retryIntervalMs: 60_000 };
    const storeA = createRedisStore(a.client, options);
    const storeB = createRedisStore(clients.connect(server.url), { ...options, retryIntervalMs: 200 });
    await storeA.set('k', 'before', 60_000);
    expect(await storeB.get('k')).toBe('before');

    await server.stop();
    const first = await storeA.get('k').catch((error: unknown) => error);
    expect(first).toBeInstanceOf(RedisStoreError);
    const sent = a.calls;
    // Within retryIntervalMs every method rejects at once, without sending anything.
    for (const call of [
      () => storeA.get('k'),
      () => storeA.set('k', 'v', 1_000),
      () => storeA.delete('k'),
      () => storeA.acquireLock('lock', 1_000),
      () => storeA.releaseLock('lock', 'token'),
    ]) {
      await expect(call()).rejects.toThrow(/Redis store: [A-Z]+ skipped/);
    }
    expect(a.calls).toBe(sent);

    // B retries every 200 ms: once Redis is back (empty: no persistence), B and a fresh view share state again.
    await server.start();
    await until(
      async () =>
        await storeB.set('k', 'after', 60_000).then(
          () => true,
          () => false,
        ),
    );
    const storeC = createRedisStore(clients.connect(server.url), options);
    expect(await storeC.get('k')).toBe('after');
  });

  it('a command Redis does not answer in time rejects with RedisStoreTimeoutError, naming the command', async () => {
    await until(
      async () =>
        (await clients
          .connect(server.url)
          .ping()
          .catch(() => '')) === 'PONG',
    );
    const store = createRedisStore(clients.connect(server.url), { keyPrefix: 'paused:', commandTimeoutMs: 200 });
    // CLIENT PAUSE holds every client's commands on the server side: Redis is up but silent.
    await clients.connect(server.url).call('CLIENT', 'PAUSE', '3000', 'ALL');
    const error = await store.get('k').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedisStoreTimeoutError);
    expect(error).toMatchObject({ command: 'GET', message: 'Redis store: GET did not answer within 200 ms' });
  });

  it('during an outage, one command a retry interval tries Redis; the others reject without being sent', async () => {
    // Nothing listens on port 1: a default ioredis client keeps reconnecting and queues commands.
    const a = counting(clients.connect('redis://127.0.0.1:1'));
    const store = createRedisStore(a.client, { commandTimeoutMs: 300, retryIntervalMs: 100 });
    await expect(store.get('k')).rejects.toBeInstanceOf(RedisStoreTimeoutError);
    const failedAt = Date.now();
    await expect(Promise.all([1, 2, 3, 4, 5].map(() => store.get('k')))).rejects.toThrow(/skipped/);
    expect(a.calls).toBe(1);

    await until(() => Date.now() - failedAt > 150);
    const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map(() => store.get('k')));
    expect(a.calls).toBe(2);
    const reasons = outcomes.map((outcome) =>
      outcome.status === 'rejected' ? (outcome.reason as Error).name : 'resolved',
    );
    expect(reasons.sort()).toEqual([
      'RedisStoreError',
      'RedisStoreError',
      'RedisStoreError',
      'RedisStoreError',
      'RedisStoreTimeoutError',
    ]);
  });

  it('a client that rejects at once (offline queue off) rejects the store at once too', async () => {
    const offline = clients.connect('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const store = createRedisStore(offline, { commandTimeoutMs: 60_000 });
    const error = await store.acquireLock('lock', 1_000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedisStoreError);
    expect(error).not.toBeInstanceOf(RedisStoreTimeoutError);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});
