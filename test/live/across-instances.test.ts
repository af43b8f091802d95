import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../scripts/redis-server.js';
import type { ChangeFeed } from '../../src/server/live/change-feed.js';
import { createRedisChangeFeed } from '../../src/server/redis/change-feed.js';
import { redisClients } from '../support/redis-clients.js';
import { createLiveSite } from './support/live-site.js';
import { eventually, readSse, settle, type SseReader } from './support/sse-reader.js';

// A redis-server of this file's own: it is killed mid-run.
let server: RedisServer;
const clients = redisClients();
const feeds: ChangeFeed[] = [];
const readers: SseReader[] = [];
beforeAll(async () => {
  server = await startRedisServer();
}, 120_000);
afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
  clients.closeAll();
});
afterAll(async () => {
  await server?.stop();
});

/** Instances of one site: their own Redis client and feed, the vendors' data shared. */
function instances(count: number, key: string) {
  const totals = new Map<string, number>();
  return Array.from({ length: count }, () => {
    const feed = createRedisChangeFeed(clients.connect(server.url), {
      key,
      commandTimeoutMs: 2_000,
      retryIntervalMs: 100,
      blockMs: 500,
    });
    feeds.push(feed);
    return createLiveSite({ feed, totals });
  });
}

async function connect(site: ReturnType<typeof createLiveSite>, user: string, lastEventId?: string) {
  const controller = new AbortController();
  const headers: Record<string, string> = { 'x-user': user, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) };
  const response = await site.handler(
    new Request('http://site.test/api/inbox/events', { headers, signal: controller.signal }),
  );
  const reader = readSse(response.body!);
  readers.push(reader);
  return { reader, abort: () => controller.abort() };
}
const totals = (reader: SseReader) => reader.events.map((event) => JSON.parse(event.data).total as number);

describe('live events across instances through Redis Streams', () => {
  it('a change on instance A reaches streams on B and C; a client moving from B to C resumes with nothing lost or repeated', async () => {
    const [a, b, c] = instances(3, 'across:changes');
    const onB = await connect(b!, 'ann');
    const onC = await connect(c!, 'ann');
    await eventually(() => onB.reader.events.length === 1 && onC.reader.events.length === 1);
    const id = await a!.change('ann', 4);
    await eventually(() => onB.reader.events.length === 2 && onC.reader.events.length === 2);
    expect(onB.reader.events[1]!.id).toBe(id);
    expect(totals(onB.reader)).toEqual([0, 4]);

    // B dies mid-stream; meanwhile two changes happen; the client reconnects to C with its last id.
    const lastId = onB.reader.events.at(-1)!.id;
    onB.abort();
    await a!.change('ann', 5);
    await a!.change('ann', 6);
    const moved = await connect(c!, 'ann', lastId);
    await eventually(() => moved.reader.events.length === 1);
    await settle(300);
    expect(totals(moved.reader)).toEqual([6]); // the latest state, once
    // Resuming again from what it now has gives nothing.
    const again = await connect(b!, 'ann', moved.reader.events[0]!.id);
    await settle(500);
    expect(again.reader.events).toEqual([]);
  });

  it('Redis killed: no error, each instance still serves its own changes, and after recovery every stream is brought up to date', async () => {
    const [a, b] = instances(2, 'killed-live:changes');
    const onA = await connect(a!, 'ann');
    const onB = await connect(b!, 'ann');
    await eventually(() => onA.reader.events.length === 1 && onB.reader.events.length === 1);

    await server.stop();
    const localId = await a!.change('ann', 8);
    expect(localId).toMatch(/^local-/);
    await eventually(() => totals(onA.reader).at(-1) === 8); // A's own stream, without Redis
    await settle(300);
    expect(totals(onB.reader)).toEqual([0]); // B could not hear of it

    await server.start();
    // B's reader comes back, reports a gap, and B re-reads its users' summaries: the missed change arrives.
    await eventually(() => totals(onB.reader).at(-1) === 8, 60_000);
    expect(totals(onA.reader)).toEqual([0, 8]); // A's stream did not get its summary twice
    expect(onA.reader.isEnded() || onB.reader.isEnded()).toBe(false);
    await eventually(() => onA.reader.events.length === 2);
    const shared = await a!.change('ann', 9);
    expect(shared).toMatch(/^\d+-\d+$/);
    await eventually(() => totals(onB.reader).at(-1) === 9, 30_000);
  });
});
