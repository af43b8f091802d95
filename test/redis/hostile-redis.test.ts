import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { createRedisStore, RedisStoreError, RedisStoreTimeoutError } from 'conversations-client/redis';
import { startRedisServer, type RedisServer } from '../../scripts/redis-server.js';
import { createInboxHandler } from '../../src/server/index.js';
import { redisClients, uniquePrefix, until } from '../support/redis-clients.js';
import { manualClock, ok, startVendorStandIn, standInClients, type VendorStandIn } from '../support/vendor-stand-in.js';

// Issue 23: the Redis store under a stalled or full Redis (defects 6, 7, 8, 9).

const redisUrl = inject('redisUrl');
const clients = redisClients();
// A redis-server of this file's own for pausing and filling it, so no other test file is disturbed.
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  clients.closeAll();
  await server.stop();
});

let stub: VendorStandIn;
beforeEach(async () => {
  stub = await startVendorStandIn();
});
afterEach(() => stub.close());

const USER = { cometchat: { uid: 'superhero4' } };
const summary = () => new Request('http://site.test/api/inbox/summary');

describe('a lock command that timed out on our side (defect 7)', () => {
  it('does not leave a lock behind when Redis runs it later', async () => {
    const client = clients.connect(server.url);
    const keyPrefix = uniquePrefix();
    const store = createRedisStore(client, { keyPrefix, commandTimeoutMs: 200 });
    await client.ping();
    // Redis is up but silent (as under SIGSTOP): the SET NX waits in Redis until the pause ends.
    await clients.connect(server.url).call('CLIENT', 'PAUSE', '3000', 'ALL');
    await expect(store.acquireLock('lock:a:u', 60_000)).rejects.toBeInstanceOf(RedisStoreTimeoutError);
    // On the store's own connection, this runs after the late SET NX and whatever the store sent after it.
    expect(await client.call('EXISTS', `${keyPrefix}lock:a:u`)).toBe(0);
  });
});

describe('invalidation across instances (defect 6)', () => {
  it('a read in flight on one instance is not written back after another instance marked read', async () => {
    const keyPrefix = uniquePrefix();
    const instance = (clock: ReturnType<typeof manualClock>) =>
      createInboxHandler({
        cometchat: { client: standInClients(stub).cometchat },
        resolveUser: () => USER,
        store: createRedisStore(clients.connect(redisUrl), { keyPrefix }),
        now: clock.now,
      });
    // a's clock runs ahead: its cached read has expired; b still finds it fresh (and the conversation to mark in it).
    const [clockA, clockB] = [manualClock(), manualClock()];
    const [a, b] = [instance(clockA), instance(clockB)];
    await a(summary());
    clockA.advance(20_000);
    let release!: () => void;
    stub.answers.cometchat = {
      ...ok(stub.answers.cometchat.body),
      hold: new Promise<void>((resolve) => (release = resolve)),
    };
    const inFlight = a(summary());
    await until(() => stub.calls.cometchat === 2);
    stub.answers.cometchat = ok(stub.answers.cometchat.body);
    // b marks read once a has started its read.
    const marked = await b(
      new Request('http://site.test/api/inbox/conversations/cometchat/superhero2_user_superhero4/read', {
        method: 'POST',
      }),
    );
    expect(marked.status).toBe(204);
    const readsBefore = stub.calls.cometchat;
    release();
    expect((await inFlight).status).toBe(200);
    await a(summary());
    expect(stub.calls.cometchat).toBe(readsBefore + 1); // a reads anew: the stale read was not cached
    await b(summary());
    expect(stub.calls.cometchat).toBe(readsBefore + 1); // …and b uses a's new read
  });
});

describe('a Redis that refuses writes (maxmemory, noeviction)', () => {
  it('a RedisStoreError carries no value: the client error’s command arguments are gone (defect 9)', async () => {
    const admin = clients.connect(server.url);
    await admin.call('CONFIG', 'SET', 'maxmemory', '1');
    await admin.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    try {
      const store = createRedisStore(clients.connect(server.url));
      const error = await store
        .set('read:x', '{"title":"Dana Levi: my card number is 4111"}', 60_000)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedisStoreError);
      expect((error as Error).cause).toMatchObject({ name: 'ReplyError' });
      expect((error as { cause: { command?: unknown } }).cause.command).toBeUndefined();
      const shown = inspect(error, { depth: 10, showHidden: true });
      expect(shown).toContain('OOM');
      expect(shown).not.toContain('4111');
      expect(JSON.stringify(error)).not.toContain('4111');
    } finally {
      await admin.call('CONFIG', 'SET', 'maxmemory', '0');
    }
  });

  it('onError hears of the outage once over 20 summaries, then of its recovery (defect 8, issue 21)', async () => {
    const admin = clients.connect(server.url);
    const clock = manualClock();
    const onError = vi.fn();
    const handler = createInboxHandler({
      cometchat: { client: standInClients(stub).cometchat },
      resolveUser: () => USER,
      store: createRedisStore(clients.connect(server.url), { keyPrefix: uniquePrefix() }),
      onError,
      now: clock.now,
    });
    await admin.call('CONFIG', 'SET', 'maxmemory', '1');
    await admin.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    try {
      for (let i = 0; i < 20; i++) {
        expect((await handler(summary())).status).toBe(200);
        clock.advance(20_000);
      }
      expect(onError).toHaveBeenCalledTimes(1);
      expect(onError.mock.calls[0]![1]).toEqual({ source: 'store' });
    } finally {
      await admin.call('CONFIG', 'SET', 'maxmemory', '0');
    }
    await handler(summary());
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[1]).toEqual([
      expect.objectContaining({ name: 'StoreRecoveredError' }),
      { source: 'store', recovered: true },
    ]);
  });
});
