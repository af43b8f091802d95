import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCometChatClient } from 'conversations-client';
import { createInstance, SECRETS, type Instance } from '../support/inbox-instances.js';
import { uniquePrefix, until } from '../support/redis-clients.js';
import { commboxInbox, ok, startVendorStandIn, type VendorStandIn } from '../support/vendor-stand-in.js';

const redisUrl = inject('redisUrl');
let vendors: VendorStandIn;
let instances: Instance[] = [];

beforeAll(async () => {
  vendors = await startVendorStandIn({ delayMs: 100, answers: { commbox: ok(commboxInbox('success')) } });
});
afterAll(() => vendors.close());
afterEach(() => {
  for (const instance of instances) instance.redis.disconnect();
  instances = [];
  vendors.throttle('cometchat', undefined);
});

/** Three server instances sharing the test Redis under a fresh prefix, each with its own connection. */
function threeInstances(handler: Parameters<typeof createInstance>[3] = {}) {
  const keyPrefix = uniquePrefix();
  instances = [1, 2, 3].map(() => createInstance(vendors, redisUrl, keyPrefix, handler));
  return { keyPrefix, instances };
}

const readsSince = (before: VendorStandIn['reads']) => ({
  commbox: vendors.reads.commbox - before.commbox,
  cometchat: vendors.reads.cometchat - before.cometchat,
});

describe('three handler instances sharing one Redis store', () => {
  it('100 concurrent summary requests for one user, spread over the instances, make one vendor read per provider', async () => {
    const { instances } = threeInstances();
    const before = { ...vendors.reads };
    const responses = await Promise.all(Array.from({ length: 100 }, (_, index) => instances[index % 3]!.summary(101)));
    expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200));
    const bodies = await Promise.all(
      responses.map((response) => response.json() as Promise<{ total: number; failures: unknown[] }>),
    );
    // The vendors' examples: CommBox 2 unread, CometChat 5.
    expect(new Set(bodies.map((body) => body.total))).toEqual(new Set([7]));
    expect(bodies.every((body) => body.failures.length === 0)).toBe(true);
    expect(readsSince(before)).toEqual({ commbox: 1, cometchat: 1 });

    // Inside the TTL, every instance answers from the shared cache.
    await Promise.all(instances.map((instance) => instance.summary(101)));
    expect(readsSince(before)).toEqual({ commbox: 1, cometchat: 1 });
  });

  it('control: with the default in-memory store instead, each instance reads the vendors itself', async () => {
    const { instances } = threeInstances({ handler: { store: undefined } });
    const before = { ...vendors.reads };
    await Promise.all(Array.from({ length: 30 }, (_, index) => instances[index % 3]!.summary(100)));
    expect(readsSince(before)).toEqual({ commbox: 3, cometchat: 3 });
  });

  it('markRead on one instance invalidates the cached summary on every instance', async () => {
    const { instances } = threeInstances();
    const [a, b, c] = instances as [Instance, Instance, Instance];
    const before = { ...vendors.reads };
    const summary = (await (await a.summary(102)).json()) as { conversations: { provider: string; id: string }[] };
    const conversation = summary.conversations.find((candidate) => candidate.provider === 'cometchat')!;
    expect((await c.summary(102)).status).toBe(200);
    expect(readsSince(before)).toEqual({ commbox: 1, cometchat: 1 });

    expect((await b.markRead(102, 'cometchat', conversation.id)).status).toBe(204);
    expect((await c.summary(102)).status).toBe(200);
    // C had never read CometChat itself: it re-read because B's markRead removed the shared entry.
    expect(readsSince(before).cometchat).toBe(2);
    expect(readsSince(before).commbox).toBe(1);
  });

  it('a 429 seen by one instance keeps every instance off that vendor account until Retry-After has passed', async () => {
    let clock = Date.now();
    const { instances } = threeInstances({ handler: { now: () => clock } });
    const [a, b, c] = instances as [Instance, Instance, Instance];
    vendors.throttle('cometchat', 30);
    const before = { ...vendors.reads };

    const first = (await (await a.summary(201)).json()) as {
      failures: { provider: string; code: string; retryAfterMs?: number }[];
    };
    expect(first.failures).toEqual([
      expect.objectContaining({ provider: 'cometchat', code: 'rate_limited', retryAfterMs: 30_000 }),
    ]);
    expect(readsSince(before)).toEqual({ commbox: 1, cometchat: 1 });

    // Other instances, other users: CommBox is read, CometChat is not called at all.
    vendors.throttle('cometchat', undefined);
    clock += 29_000;
    const during = await Promise.all([b.summary(202), c.summary(203), b.summary(204), c.summary(201)]);
    for (const response of during) {
      expect(response.status).toBe(200);
      const body = (await response.json()) as { failures: { provider: string; code: string; retryAfterMs?: number }[] };
      expect(body.failures).toEqual([expect.objectContaining({ provider: 'cometchat', code: 'rate_limited' })]);
      expect(body.failures[0]!.retryAfterMs).toBeLessThanOrEqual(1_000);
    }
    expect(readsSince(before).cometchat).toBe(1);

    // Once the window has passed (on the shared clock), the next instance calls CometChat again.
    clock += 1_001;
    const after = (await (await c.summary(205)).json()) as { failures: unknown[] };
    expect(after.failures).toEqual([]);
    expect(readsSince(before).cometchat).toBe(2);
  });

  it('waits for a lock whose holder died, and reads once the lock has expired', async () => {
    const { keyPrefix, instances } = threeInstances();
    const { accountKey } = createCometChatClient({
      appId: 'app1',
      region: 'eu',
      apiKey: SECRETS.cometchatApiKey,
      baseUrl: vendors.cometchatUrl,
    });
    // An instance took CometChat's read lock for user 401 and died: the lock expires in 3 s.
    const lock = `${keyPrefix}lock:${accountKey}:user-401`;
    await instances[0]!.redis.set(lock, 'dead-holder', 'PX', 3_000);
    const before = { ...vendors.reads };
    const pending = Promise.all(instances.map((instance) => instance.summary(401)));
    // CommBox (not locked) is read at once; CometChat waits while the dead holder's lock lives.
    await until(() => vendors.reads.commbox > before.commbox);
    const lockAlive = (await instances[0]!.redis.pttl(lock)) > 0;
    const cometchatReadsWhileLocked = vendors.reads.cometchat - before.cometchat;
    if (lockAlive) expect(cometchatReadsWhileLocked).toBe(0);
    const responses = await pending;
    for (const response of responses) expect(((await response.json()) as { total: number }).total).toBe(7);
    expect(readsSince(before)).toEqual({ commbox: 1, cometchat: 1 });
    expect(await instances[0]!.redis.get(`${keyPrefix}lock:${accountKey}:user-401`)).toBeNull();
  });

  it('a cached read in another format version (a rolling deploy) is a miss, not a failure', async () => {
    const { keyPrefix, instances } = threeInstances();
    const { accountKey } = createCometChatClient({
      appId: 'app1',
      region: 'eu',
      apiKey: SECRETS.cometchatApiKey,
      baseUrl: vendors.cometchatUrl,
    });
    await instances[0]!.redis.set(
      `${keyPrefix}read:${accountKey}:user-402`,
      'v2:{"totally":"different"}',
      'PX',
      60_000,
    );
    const before = { ...vendors.reads };
    const response = await instances[1]!.summary(402);
    expect(response.status).toBe(200);
    expect((await response.json()) as { total: number; failures: unknown[] }).toMatchObject({ total: 7, failures: [] });
    expect(readsSince(before)).toEqual({ commbox: 1, cometchat: 1 });
  });

  it('stores no vendor token or API key in Redis, and sends none to the browser', async () => {
    const { keyPrefix, instances } = threeInstances();
    const response = await instances[0]!.summary(301);
    const text = await response.text();
    const keys = await instances[0]!.redis.keys(`${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    const stored = [...keys, ...(await instances[0]!.redis.mget(...keys)).map(String)].join('\n') + text;
    for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret);
    expect(stored).toContain('read:'); // the cached reads are there (the check above read them)
  });
});
