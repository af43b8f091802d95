import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniquePrefix } from '../support/redis-clients.js';
import { messageSent, webhookInstance } from '../webhooks/support/handler.js';
import { startVendors, type Vendors } from '../webhooks/support/vendors.js';
import { eventually, readSse, settle, type SseReader } from './support/sse-reader.js';

const redisUrl = inject('redisUrl');
let vendors: Vendors;
const open: ReturnType<typeof webhookInstance>[] = [];
const readers: SseReader[] = [];
const instance = (keyPrefix: string) => {
  const made = webhookInstance(vendors, redisUrl, { keyPrefix });
  open.push(made);
  return made;
};
type Summary = {
  total: number;
  byProvider: Record<string, number>;
  conversations: { id: string; unread: number }[];
  asOf: string;
};

beforeAll(async () => {
  vendors = await startVendors(['alice', 'bob', 'carol', 'dave']);
}, 120_000);
afterAll(() => vendors.close());
afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
  for (const made of open.splice(0)) {
    made.handler.closeLive();
    await made.handler.changes.settled();
    made.close();
  }
});

async function events(made: ReturnType<typeof webhookInstance>, uid: string, headers: Record<string, string> = {}) {
  const response = await made.handler(
    new Request('http://site.test/api/inbox/events', { headers: { 'x-uid': uid, ...headers } }),
  );
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  const reader = readSse(response.body!);
  readers.push(reader);
  return reader;
}
const summaries = (reader: SseReader) => reader.events.map((event) => JSON.parse(event.data) as Summary);
const withoutAsOf = ({ asOf: _asOf, ...rest }: Summary) => rest;

describe('GET {basePath}/events in the handler', () => {
  it('answers 401 without a visitor and 405 for another method', async () => {
    const made = instance(uniquePrefix());
    expect((await made.handler(new Request('http://site.test/api/inbox/events'))).status).toBe(401);
    const post = await made.handler(
      new Request('http://site.test/api/inbox/events', { method: 'POST', headers: { 'x-uid': 'alice' } }),
    );
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('starts with the same summary as GET /summary', async () => {
    const made = instance(uniquePrefix());
    vendors.setUnread('carol', 'bob_user_carol', 2);
    const reader = await events(made, 'carol');
    await eventually(() => reader.events.length === 1);
    expect(reader.events[0]!.event).toBe('summary');
    expect(reader.events[0]!.id).toMatch(/^\d+-\d+$/);
    expect(withoutAsOf(summaries(reader)[0]!)).toEqual(withoutAsOf((await made.summary('carol')) as Summary));
  });

  it('a webhook received on instance A reaches the stream of a visitor connected to instance B (Redis Streams), once, with no vendor id in Redis', async () => {
    const keyPrefix = uniquePrefix();
    const [a, b] = [instance(keyPrefix), instance(keyPrefix)];
    vendors.setUnread('alice', 'alice_user_bob', 0);
    const onB = await events(b, 'alice');
    await eventually(() => onB.events.length === 1);
    expect(summaries(onB)[0]!.byProvider.cometchat).toBe(0);

    vendors.setUnread('alice', 'alice_user_bob', 3);
    expect((await a.cometchat(messageSent('bob', 'alice', '101'))).status).toBe(200);
    await a.handler.changes.settled();
    await eventually(() => onB.events.length === 2);
    expect(summaries(onB)[1]!.byProvider.cometchat).toBe(3);
    await settle(300);
    expect(onB.events).toHaveLength(2); // one event for the burst

    // The stream's entries name users by hash only.
    const entries = JSON.stringify(await a.redis.call('XRANGE', `${keyPrefix}changes`, '-', '+'));
    expect(entries).not.toContain('alice');
    expect(entries).toMatch(/u:[0-9a-f]{32}/);

    // A client that moves to A with its last id gets nothing it has; after one more change, that change once.
    const moved = await events(a, 'alice', { 'last-event-id': onB.events[1]!.id });
    await settle(500);
    expect(moved.events).toEqual([]);
    vendors.setUnread('alice', 'alice_user_bob', 5);
    await b.cometchat(messageSent('bob', 'alice', '102'));
    await b.handler.changes.settled();
    await eventually(() => moved.events.length === 1 && onB.events.length === 3);
    expect(summaries(moved).map((s) => s.byProvider.cometchat)).toEqual([5]);
    expect(moved.events[0]!.id).toBe(onB.events[2]!.id);
  });
});
