import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { METRIC_NAMES } from '../../src/internal/telemetry-instruments.js';
import { createCometChatClient } from 'conversations-client';
import { createInboxHandler, type InboxHandlerEvent, type InboxHandlerOptions } from '../../src/server/index.js';
import type { ChangeNotice } from '../../src/server/live/change-feed.js';
import { createMemoryChangeFeed } from '../../src/server/live/memory-change-feed.js';
import { createRedisChangeFeed } from '../../src/server/redis/change-feed.js';
import { createLiveSite } from '../live/support/live-site.js';
import { eventually, readSse, settle, type SseReader } from '../live/support/sse-reader.js';
import { redisClients, uniquePrefix } from '../support/redis-clients.js';
import { basic, CREDENTIALS, messageSent, webhookInstance } from '../webhooks/support/handler.js';
import { startVendors, type Vendors } from '../webhooks/support/vendors.js';
import { registerTestSdk, type MetricPoint, type TestSdk } from './support/otel-sdk.js';

const redisUrl = inject('redisUrl');
let vendors: Vendors;
let sdk: TestSdk;
const open: { close(): void }[] = [];
const readers: SseReader[] = [];
const clients = redisClients();

beforeAll(async () => {
  vendors = await startVendors(['alice', 'bob', 'carol', 'dave', 'erin']);
});
afterAll(() => vendors.close());
beforeEach(() => {
  sdk = registerTestSdk();
});
afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
  for (const made of open.splice(0)) made.close();
  clients.closeAll();
  await sdk.shutdown();
});

/** A day ahead of the wall clock: a latency measured with any other clock than the handler's would be a day off. */
const DAY = 86_400_000;
const clock = () => Date.now() + DAY;

/** A handler instance on Redis (webhooks on), with the fake clock, whose `onEvent` events are kept. */
function instance(options: Partial<InboxHandlerOptions> & { keyPrefix?: string } = {}) {
  const events: InboxHandlerEvent[] = [];
  const made = webhookInstance(vendors, redisUrl, { now: clock, onEvent: (event) => events.push(event), ...options });
  open.push({
    close: () => {
      made.handler.closeLive();
      made.close();
    },
  });
  return { ...made, events, delivered: () => events.filter((event) => event.type === 'webhook-delivered') };
}

async function stream(handler: ReturnType<typeof instance>['handler'], uid: string, headers = {}) {
  const response = await handler(
    new Request('http://site.test/api/inbox/events', { headers: { 'x-uid': uid, ...headers } }),
  );
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = readSse(response.body!);
  readers.push(reader);
  return reader;
}
const totals = (reader: SseReader) => reader.events.map((event) => JSON.parse(event.data).byProvider.cometchat);
const latencyPoints = async (): Promise<MetricPoint[]> =>
  (await sdk.points()).filter((point) => point.name === METRIC_NAMES.webhookDeliveryLatency);

describe('conversations.webhook.delivery.latency', () => {
  it('a webhook for a watched user with one live connection: one point, by vendor only, within what the test saw', async () => {
    const site = instance();
    vendors.setUnread('alice', 'alice_user_bob', 0);
    const reader = await stream(site.handler, 'alice');
    await eventually(() => reader.events.length === 1);

    vendors.setUnread('alice', 'alice_user_bob', 3);
    const posted = clock();
    expect((await site.cometchat(messageSent('bob', 'alice', 'latency-1'))).status).toBe(200);
    await eventually(() => totals(reader).at(-1) === 3);
    const seen = clock();
    await site.handler.changes.settled();
    await settle(300); // nothing more comes (not the first summary, not a second point)

    expect(totals(reader)).toEqual([0, 3]);
    const delivered = site.delivered();
    expect(delivered).toHaveLength(1);
    const { vendor, latencyMs } = delivered[0] as { vendor: string; latencyMs: number };
    expect(vendor).toBe('cometchat');
    // Above 0: the re-read waits for the rest of a burst first (and a wrong clock at either end shows as ±1 day).
    expect(latencyMs).toBeGreaterThan(0);
    expect(latencyMs).toBeLessThanOrEqual(seen - posted);

    const points = await latencyPoints();
    expect(points).toHaveLength(1);
    expect(points[0]!.attributes).toEqual({ vendor: 'cometchat' });
    expect(points[0]!.unit).toBe('s');
    expect(points[0]!.value).toMatchObject({ count: 1 });
    expect((points[0]!.value as { sum: number }).sum).toBeCloseTo(latencyMs / 1000, 6);
  });

  it('three streams of the user on one instance (two tabs, and a page that also shows CommBox): one point for the one change', async () => {
    const site = instance();
    vendors.setUnread('carol', 'bob_user_carol', 1);
    const tabs = [
      await stream(site.handler, 'carol'),
      await stream(site.handler, 'carol'),
      // Another stream group (a visitor of both vendors) listening on the same CometChat user.
      await stream(site.handler, 'carol', { 'x-identity': '558355' }),
    ];
    await eventually(() => tabs.every((tab) => tab.events.length === 1));
    vendors.setUnread('carol', 'bob_user_carol', 5);
    expect((await site.cometchat(messageSent('bob', 'carol', 'latency-2'))).status).toBe(200);
    await eventually(() => tabs.every((tab) => totals(tab).at(-1) === 5));
    await site.handler.changes.settled();
    await settle(300);
    expect(site.delivered()).toHaveLength(1);
    expect(await sdk.total(METRIC_NAMES.webhookDeliveryLatency)).toBe(1);
  });

  it('a change no webhook caused (a reconciliation re-read) reaches the stream and records nothing', async () => {
    // Reconciled every second; the cache and the stream's own refresh are far longer than the test.
    const site = instance({ webhooks: { ...CREDENTIALS, reconcileMs: 1_000 }, cacheTtlMs: 600_000 });
    vendors.setUnread('dave', 'bob_user_dave', 0);
    const reader = await stream(site.handler, 'dave');
    await eventually(() => reader.events.length === 1);
    vendors.setUnread('dave', 'bob_user_dave', 7);
    await eventually(() => totals(reader).at(-1) === 7);
    await settle(300);
    expect(site.delivered()).toEqual([]);
    expect(await latencyPoints()).toEqual([]);
  });

  it('across two instances sharing Redis: the instance holding the connection records it, the one that got the webhook does not', async () => {
    const keyPrefix = uniquePrefix();
    const [a, b] = [instance({ keyPrefix }), instance({ keyPrefix })];
    vendors.setUnread('bob', 'alice_user_bob', 0);
    const reader = await stream(a.handler, 'bob');
    await eventually(() => reader.events.length === 1);

    vendors.setUnread('bob', 'alice_user_bob', 2);
    const posted = clock();
    expect((await b.cometchat(messageSent('alice', 'bob', 'latency-3'))).status).toBe(200);
    await eventually(() => totals(reader).at(-1) === 2);
    const seen = clock();
    await b.handler.changes.settled();
    await settle(300);

    expect(b.delivered()).toEqual([]);
    const delivered = a.delivered() as { vendor: string; latencyMs: number }[];
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.vendor).toBe('cometchat');
    expect(delivered[0]!.latencyMs).toBeGreaterThan(0);
    expect(delivered[0]!.latencyMs).toBeLessThanOrEqual(seen - posted);
    expect(await sdk.total(METRIC_NAMES.webhookDeliveryLatency, { vendor: 'cometchat' })).toBe(1);
  });
});

describe('the in-process change feed (a handler without a shared store)', () => {
  it('carries the webhook to the stream: one point', async () => {
    const events: InboxHandlerEvent[] = [];
    const handler = createInboxHandler({
      cometchat: {
        client: createCometChatClient({ appId: 'app1', region: 'eu', apiKey: 'cc-key', baseUrl: vendors.cometchatUrl }),
      },
      resolveUser: () => ({ cometchat: { uid: 'erin' } }),
      webhooks: { cometchat: CREDENTIALS.cometchat },
      now: clock,
      onEvent: (event) => events.push(event),
    });
    open.push({ close: () => (handler.closeLive(), handler.changes.close()) });
    vendors.setUnread('erin', 'carol_user_erin', 0);
    const reader = await stream(handler, 'erin');
    await eventually(() => reader.events.length === 1);
    vendors.setUnread('erin', 'carol_user_erin', 8);
    const posted = clock();
    const response = await handler(
      new Request('http://site.test/api/inbox/webhooks/cometchat', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: basic(CREDENTIALS.cometchat.username, CREDENTIALS.cometchat.password),
        },
        body: JSON.stringify(messageSent('carol', 'erin', 'latency-4')),
      }),
    );
    expect(response.status).toBe(200);
    await eventually(() => totals(reader).at(-1) === 8);
    const seen = clock();
    await handler.changes.settled();
    await settle(300);
    const delivered = events.filter((event) => event.type === 'webhook-delivered') as { latencyMs: number }[];
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.latencyMs).toBeGreaterThan(0);
    expect(delivered[0]!.latencyMs).toBeLessThanOrEqual(seen - posted);
    expect(await sdk.total(METRIC_NAMES.webhookDeliveryLatency, { vendor: 'cometchat' })).toBe(1);
  });

  it('publish keeps the cause for live subscribers and replay, and refuses a malformed one, naming it', async () => {
    const feed = createMemoryChangeFeed();
    const notices: ChangeNotice[] = [];
    feed.subscribe((notice) => notices.push(notice));
    const first = await feed.publish('u:1', 'read', { vendor: 'cometchat', receivedAt: 1_234 });
    await feed.publish('u:1', 'mark-read');
    await settle(10);
    expect(notices).toEqual([
      {
        type: 'change',
        id: first,
        userKey: 'u:1',
        change: 'read',
        webhook: { vendor: 'cometchat', receivedAt: 1_234 },
      },
      { type: 'change', id: expect.any(String), userKey: 'u:1', change: 'mark-read' },
    ]);
    const { entries } = await feed.replay(first.replace(/-\d+$/, '-0'));
    expect(entries.map((entry) => entry.webhook)).toEqual([{ vendor: 'cometchat', receivedAt: 1_234 }, undefined]);
    for (const bad of [
      { vendor: 'Bad Vendor', receivedAt: 1 },
      { vendor: 'commbox', receivedAt: -1 },
      { vendor: 'commbox' },
    ])
      await expect(feed.publish('u:1', 'read', bad as never)).rejects.toThrow(/ChangeFeed\.publish: webhook must be/);
    await feed.close();
  });
});

describe('the Redis feed entry', () => {
  it('an entry without the webhook fields (as older instances write) still delivers, and records nothing; one with them records once', async () => {
    const key = `${uniquePrefix()}changes`;
    const heard: { vendor: string; latencyMs: number }[] = [];
    let now = 1_000_000;
    const feed = createRedisChangeFeed(clients.connect(redisUrl), {
      key,
      commandTimeoutMs: 2_000,
      retryIntervalMs: 100,
      blockMs: 500,
    });
    const site = createLiveSite({ feed, onWebhookDelivered: (event) => heard.push(event), now: () => now });
    const response = await site.handler(
      new Request('http://site.test/api/inbox/events', { headers: { 'x-user': 'ann' } }),
    );
    const reader = readSse(response.body!);
    readers.push(reader);
    await eventually(() => reader.events.length === 1);
    const writer = clients.connect(redisUrl);
    const sums = () => reader.events.map((event) => JSON.parse(event.data).total as number);

    // An old instance's entry: only `u` and `c`.
    site.totals.set('ann', 4);
    const oldId = await writer.xadd(key, '*', 'u', 'ann', 'c', 'read');
    await eventually(() => sums().at(-1) === 4);
    expect(reader.events.at(-1)!.id).toBe(oldId);

    // A malformed cause is dropped, never the change.
    site.totals.set('ann', 5);
    await writer.xadd(key, '*', 'u', 'ann', 'c', 'read', 'v', 'cometchat', 'w', 'soon');
    await eventually(() => sums().at(-1) === 5);
    expect(heard).toEqual([]);

    // A new entry: `v` and `w` (as publish writes them) give the latency by the site's clock.
    site.totals.set('ann', 6);
    now = 1_000_250;
    const id = await feed.publish('ann', 'read', { vendor: 'commbox', receivedAt: 1_000_000 });
    const fields = (await writer.xrange(key, id, id))[0]![1];
    expect(fields).toEqual(['u', 'ann', 'c', 'read', 'v', 'commbox', 'w', '1000000']);
    await eventually(() => sums().at(-1) === 6);
    await settle(200);
    expect(heard).toEqual([{ vendor: 'commbox', latencyMs: 250 }]);
    site.live.close();
    await feed.close();
  });
});
