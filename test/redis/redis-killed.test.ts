import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStoreError } from 'conversations-client/redis';
import { startRedisServer, type RedisServer } from '../../scripts/redis-server.js';
import { StoreTimeoutError } from '../../src/server/index.js';
import { createInstance, type Instance } from '../support/inbox-instances.js';
import { until } from '../support/redis-clients.js';
import { seededRandom } from '../support/seeded-random.js';
import { commboxInbox, ok, startVendorStandIn, type VendorStandIn } from '../support/vendor-stand-in.js';

// A redis-server of this file's own: it is killed mid-run.
let server: RedisServer;
let vendors: VendorStandIn;
let instances: Instance[];

beforeAll(async () => {
  [server, vendors] = await Promise.all([
    startRedisServer(),
    startVendorStandIn({ delayMs: 20, answers: { commbox: ok(commboxInbox('success')) } }),
  ]);
  instances = [1, 2, 3].map(() =>
    createInstance(vendors, server.url, 'killed:', { store: { commandTimeoutMs: 1_000, retryIntervalMs: 200 } }),
  );
});
afterAll(async () => {
  for (const instance of instances) instance.redis.disconnect();
  await Promise.all([server.stop(), vendors.close()]);
});

describe('Redis killed during a load run', () => {
  it('loses no request, logs one store error per instance for the outage, and shares state again once Redis is back', async () => {
    const random = seededRandom(13);
    const statuses: number[] = [];
    const retryAfters: (string | null)[] = [];
    let sent = 0;
    // 20 requests in flight at a time, 300 in all, random users over random instances; Redis dies after 100.
    const worker = async () => {
      while (sent < 300) {
        sent++;
        if (sent === 100) await server.stop();
        const instance = instances[Math.floor(random() * 3)]!;
        const response = await instance.summary(1 + Math.floor(random() * 50));
        statuses.push(response.status);
        retryAfters.push(response.headers.get('retry-after'));
        await response.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));

    expect(statuses).toHaveLength(300);
    statuses.forEach((status, index) => {
      if (status !== 200) {
        expect(status).toBe(503);
        expect(retryAfters[index]).toMatch(/^\d+$/);
      }
    });
    // The vendors were up all along: every answer is a summary.
    expect(statuses.filter((status) => status === 200)).toHaveLength(300);
    for (const instance of instances) {
      const storeErrors = instance.errors.filter(({ source }) => source === 'store');
      expect(storeErrors).toHaveLength(1);
      expect(storeErrors[0]!.error).toSatisfy(
        (error) => error instanceof RedisStoreError || error instanceof StoreTimeoutError,
      );
    }

    // While Redis is down, each instance still caches for itself (per-instance behaviour).
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const beforeOutageReads = { ...vendors.reads };
    for (let round = 0; round < 3; round++) expect((await a.summary(500)).status).toBe(200);
    expect(vendors.reads).toEqual({
      commbox: beforeOutageReads.commbox + 1,
      cometchat: beforeOutageReads.cometchat + 1,
    });

    // Redis comes back (empty): without any restart, a read by one instance serves the others again.
    await server.start();
    let user = 1_000;
    await until(async () => {
      user++;
      await a.summary(user);
      const before = vendors.reads.commbox;
      await Promise.all([b.summary(user), c.summary(user)]);
      return vendors.reads.commbox === before;
    });
    expect((await a.redis.keys('killed:read:*')).length).toBeGreaterThan(0);
    // Issue 23 / 21: each instance also heard that the outage ended.
    for (const instance of instances) {
      const storeErrors = instance.errors.filter(({ source }) => source === 'store');
      expect(storeErrors.at(-1)!.error).toMatchObject({ name: 'StoreRecoveredError', kind: 'unavailable' });
    }
  });
});
