import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../scripts/redis-server.js';
import type { ChangeFeed, ChangeNotice } from '../../src/server/live/change-feed.js';
import { createRedisChangeFeed, type RedisChangeFeedOptions } from '../../src/server/redis/change-feed.js';
import { redisClients, uniquePrefix, until } from '../support/redis-clients.js';

const clients = redisClients();
const feeds: ChangeFeed[] = [];
afterEach(async () => {
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
  clients.closeAll();
});

/**
 * An instance's feed: its own ioredis client, as a server process would have, named after the feed's key
 * (its blocking connection, a `duplicate()`, keeps the name) so that other files' readers are not counted.
 */
function instance(
  url: string,
  key: string,
  options: RedisChangeFeedOptions = {},
): { feed: ChangeFeed; redis: Redis; errors: Error[] } {
  const redis = clients.connect(url, { connectionName: key });
  const errors: Error[] = [];
  const feed = createRedisChangeFeed(redis, {
    key,
    commandTimeoutMs: 5_000,
    onError: (error) => errors.push(error),
    ...options,
  });
  feeds.push(feed);
  return { feed, redis, errors };
}

const changes = (notices: ChangeNotice[]) =>
  notices.flatMap((notice) => (notice.type === 'change' ? [`${notice.userKey}:${notice.change}`] : []));

/** How many connections of the feed on `key` are blocked in XREAD (test files share one Redis, in parallel). */
async function blockedReaders(redis: Redis, key: string): Promise<number> {
  const list = (await redis.call('CLIENT', 'LIST')) as string;
  return list.split('\n').filter((line) => line.includes(` name=${key} `) && / cmd=xread\b/.test(line)).length;
}

describe('createRedisChangeFeed with a real redis-server', () => {
  it('carries a change published on instance A to the subscribers of B and C, with the stream id', async () => {
    const key = `${uniquePrefix()}changes`;
    const [a, b, c] = [
      instance(inject('redisUrl'), key),
      instance(inject('redisUrl'), key),
      instance(inject('redisUrl'), key),
    ];
    const heard: ChangeNotice[][] = [[], [], []];
    [b, c, a].forEach(({ feed }, index) => feed.subscribe((notice) => heard[index]!.push(notice)));
    // Subscribing starts the reader; give it its first XREAD before publishing (from its start id nothing is lost anyway).
    await until(async () => (await blockedReaders(a.redis, key)) >= 3);
    const id = await a.feed.publish('user-7', 'webhook');
    expect(id).toMatch(/^\d+-\d+$/);
    await until(() => heard.every((list) => list.length === 1));
    for (const list of heard) expect(list).toEqual([{ type: 'change', id, userKey: 'user-7', change: 'webhook' }]);
    const entries = (await a.redis.xrange(key, '-', '+')) as [string, string[]][];
    expect(entries).toEqual([[id, ['u', 'user-7', 'c', 'webhook']]]);
  });

  it('reads with one blocking connection per instance, however many subscribe, and none once they all left', async () => {
    const key = `${uniquePrefix()}changes`;
    const admin = clients.connect(inject('redisUrl'));
    const before = await blockedReaders(admin, key);
    const a = instance(inject('redisUrl'), key, { blockMs: 60_000 });
    const unsubscribes = Array.from({ length: 50 }, () => a.feed.subscribe(() => {}));
    await until(async () => (await blockedReaders(admin, key)) === before + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await blockedReaders(admin, key)).toBe(before + 1);
    for (const unsubscribe of unsubscribes) unsubscribe();
    await until(async () => (await blockedReaders(admin, key)) === before);
  });

  it('caps the stream with MAXLEN ~', async () => {
    const key = `${uniquePrefix()}changes`;
    const a = instance(inject('redisUrl'), key, { maxLen: 100 });
    for (let i = 0; i < 1_000; i++) await a.feed.publish(`u${i}`);
    const length = await a.redis.xlen(key);
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(1_000);
  });

  it('replays exactly the entries after an id, on another instance, then live; a trimmed or unknown id is a gap', async () => {
    const key = `${uniquePrefix()}changes`;
    const [a, b] = [instance(inject('redisUrl'), key, { maxLen: 100 }), instance(inject('redisUrl'), key)];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await a.feed.publish(`u${i}`, String(i)));
    const heard: ChangeNotice[] = [];
    b.feed.subscribe((notice) => heard.push(notice), ids[2]);
    await until(() => heard.length === 3);
    await until(async () => (await blockedReaders(a.redis, key)) >= 1);
    const later = await a.feed.publish('u6', '6');
    await until(() => heard.length === 4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.map((notice) => (notice.type === 'change' ? notice.id : 'gap'))).toEqual([
      ids[3],
      ids[4],
      ids[5],
      later,
    ]);
    expect(changes(heard)).toEqual(['u3:3', 'u4:4', 'u5:5', 'u6:6']);

    expect(await b.feed.replay(later)).toEqual({ entries: [], lastId: later, complete: true });
    for (let i = 0; i < 300; i++) await a.feed.publish('bulk');
    expect((await b.feed.replay(ids[0])).complete).toBe(false); // trimmed away
    expect((await b.feed.replay('1-0')).complete).toBe(false);
    expect((await b.feed.replay('local-1-1')).complete).toBe(false);
    const gap: ChangeNotice[] = [];
    b.feed.subscribe((notice) => gap.push(notice), ids[0]);
    await until(() => gap.length === 1);
    expect(gap).toEqual([{ type: 'gap' }]);
  });

  it('names a bad client or option', () => {
    expect(() => createRedisChangeFeed({} as never)).toThrow(/redis/);
    const redis = clients.connect(inject('redisUrl'));
    expect(() => createRedisChangeFeed(redis, { maxLen: 0 })).toThrow(/maxLen/);
    expect(() => createRedisChangeFeed(redis, { key: '' })).toThrow(/key/);
  });
});

describe('createRedisChangeFeed when Redis is killed', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('never throws, delivers on the instance meanwhile, and is shared again once Redis is back, with a gap notice', async () => {
    const key = 'killed:changes';
    const options = { retryIntervalMs: 100, commandTimeoutMs: 1_000, blockMs: 500 };
    const [a, b] = [instance(server.url, key, options), instance(server.url, key, options)];
    const heardA: ChangeNotice[] = [];
    const heardB: ChangeNotice[] = [];
    a.feed.subscribe((notice) => heardA.push(notice));
    b.feed.subscribe((notice) => heardB.push(notice));
    await until(async () => (await blockedReaders(a.redis, key)) === 2);
    await a.feed.publish('before');
    await until(() => changes(heardB).includes('before:'));

    await server.stop();
    const localId = await a.feed.publish('during');
    expect(localId).toMatch(/^local-/);
    await until(() => changes(heardA).includes('during:'));
    expect(changes(heardB)).not.toContain('during:');
    await until(() => a.errors.length >= 2 && b.errors.length >= 1); // the reader and the publisher of A, the reader of B
    expect(a.errors.every((error) => error.name.startsWith('RedisStore'))).toBe(true);

    await server.start();
    // Both readers come back by themselves and tell their subscribers that changes may have been lost.
    await until(
      () => heardA.some((notice) => notice.type === 'gap') && heardB.some((notice) => notice.type === 'gap'),
      60_000,
    );
    await until(async () => {
      await a.feed.publish('after');
      return changes(heardB).includes('after:');
    }, 60_000);
    expect(await a.feed.publish('shared')).toMatch(/^\d+-\d+$/);
    // One report per outage, not one per retry.
    expect(b.errors.length).toBe(1);
  });
});
