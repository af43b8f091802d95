import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLiveEvents } from '../../src/server/live/live-events.js';
import { createLiveHub } from '../../src/server/live/live-hub.js';
import { createMemoryChangeFeed } from '../../src/server/live/memory-change-feed.js';
import { schemaValidator } from '../support/spec.js';
import { createLiveSite, summaryWith } from './support/live-site.js';
import { eventually, readSse, settle, type SseReader } from './support/sse-reader.js';

const readers: SseReader[] = [];
afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
  vi.useRealTimers();
});

/** Opens a stream of `site` as `user` and reads it. */
async function connect(site: ReturnType<typeof createLiveSite>, user: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await site.handler(
    new Request('http://site.test/api/inbox/events', {
      headers: { 'x-user': user, ...headers },
      signal: controller.signal,
    }),
  );
  const reader = readSse(response.body!);
  readers.push(reader);
  return { response, reader, abort: () => controller.abort() };
}
const totals = (reader: SseReader) => reader.events.map((event) => JSON.parse(event.data).total as number);

describe('GET /events: the stream', () => {
  it('answers text/event-stream, uncached, unbuffered, with retry: and the current summary as a first `summary` event with an id', async () => {
    const site = createLiveSite({ retryMs: 2_500 });
    site.totals.set('ann', 4);
    const { response, reader } = await connect(site, 'ann');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toMatch(/^no-cache\b/);
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-encoding')).toBeNull();
    await eventually(() => reader.events.length === 1);
    expect(reader.retry).toBe(2_500);
    expect(reader.events[0]).toEqual({
      id: expect.stringMatching(/^\d+-\d+$/),
      event: 'summary',
      data: JSON.stringify(summaryWith(4)),
    });
  });

  it('sends one event to each stream of the user whose summary changed, none to others, each with a newer id', async () => {
    const site = createLiveSite();
    const [ann1, ann2, bob] = await Promise.all([connect(site, 'ann'), connect(site, 'ann'), connect(site, 'bob')]);
    await eventually(() => [ann1, ann2, bob].every(({ reader }) => reader.events.length === 1));
    const id = await site.change('ann', 3);
    await eventually(() => ann1.reader.events.length === 2 && ann2.reader.events.length === 2);
    await settle();
    for (const { reader } of [ann1, ann2]) {
      expect(totals(reader)).toEqual([0, 3]);
      expect(reader.events[1]!.id).toBe(id);
    }
    expect(bob.reader.events).toHaveLength(1);
  });

  it('coalesces a burst: 50 changes while a read runs cost at most two reads and one event per stream', async () => {
    const site = createLiveSite({ loadDelayMs: 100 });
    const ann = await connect(site, 'ann');
    await eventually(() => ann.reader.events.length === 1);
    const loadsBefore = site.loads;
    for (let i = 1; i <= 50; i++) void site.change('ann', i);
    await eventually(() => ann.reader.events.length >= 2);
    await settle(400);
    expect(site.loads - loadsBefore).toBeLessThanOrEqual(2);
    expect(totals(ann.reader)).toEqual([0, 50]);
  });

  it('sends events that match SummaryEvent in openapi/inbox.yaml', async () => {
    const spec = parse(readFileSync(new URL('../../openapi/inbox.yaml', import.meta.url), 'utf8'));
    const valid = schemaValidator(spec, '#/components/schemas/SummaryEvent');
    const site = createLiveSite();
    const ann = await connect(site, 'ann');
    await site.change('ann', 2);
    await eventually(() => ann.reader.events.length === 2);
    for (const { id, event, data } of ann.reader.events) {
      const parsed = { id, event, data: JSON.parse(data) };
      expect(valid(parsed), JSON.stringify(valid.errors)).toBe(true);
    }
  });

  it('does not count a re-read that only moved asOf as a change', async () => {
    let reads = 0;
    const live = createLiveEvents({ feed: createMemoryChangeFeed() });
    const response = await live.respond(new Request('http://site.test/api/inbox/events'), {
      userKey: 'ann',
      load: async () => ({ ...summaryWith(3), asOf: new Date(Date.UTC(2026, 0, 1, 0, 0, ++reads)).toISOString() }),
    });
    const reader = readSse(response.body!);
    readers.push(reader);
    await eventually(() => reader.events.length === 1);
    await live.changed('ann');
    await live.changed('ann');
    await eventually(() => reads >= 2);
    await settle(100);
    expect(reader.events).toHaveLength(1);
    live.close();
    await reader.ended;
  });

  it('does not send a summary again when a change left it as it was', async () => {
    const site = createLiveSite();
    const ann = await connect(site, 'ann');
    await eventually(() => ann.reader.events.length === 1);
    await site.live.changed('ann');
    await eventually(() => site.loads === 2);
    await settle();
    expect(ann.reader.events).toHaveLength(1);
  });
});

describe('GET /events: resume with Last-Event-ID', () => {
  it('sends nothing when nothing changed since the id, and the new summary once when something did', async () => {
    const site = createLiveSite();
    const first = await connect(site, 'ann');
    await eventually(() => first.reader.events.length === 1);
    const lastId = first.reader.events[0]!.id;
    first.abort();
    await first.reader.ended;

    const quiet = await connect(site, 'ann', { 'last-event-id': lastId });
    await site.change('bob', 9); // someone else's change
    await settle(200);
    expect(quiet.reader.events).toHaveLength(0);
    quiet.abort();

    const missedId = await site.change('ann', 6);
    await site.live.changed('bob');
    const resumed = await connect(site, 'ann', { 'last-event-id': lastId });
    await eventually(() => resumed.reader.events.length === 1);
    await settle(200);
    expect(totals(resumed.reader)).toEqual([6]);
    expect(resumed.reader.events[0]!.id >= missedId).toBe(true);
  });

  it('sends the current summary as a fresh snapshot when the id is unknown or too old', async () => {
    const site = createLiveSite();
    site.totals.set('ann', 2);
    for (const id of ['1-1', 'garbage', 'local-1-1']) {
      const { reader } = await connect(site, 'ann', { 'last-event-id': id });
      await eventually(() => reader.events.length === 1);
      expect(totals(reader)).toEqual([2]);
    }
  });
});

describe('GET /events: resources', () => {
  it('closes the oldest stream of a user past the per-user cap', async () => {
    const site = createLiveSite({ maxConnectionsPerUser: 2 });
    const [a, b] = [await connect(site, 'ann'), await connect(site, 'ann')];
    await eventually(() => a.reader.events.length === 1 && b.reader.events.length === 1);
    const c = await connect(site, 'ann');
    await a.reader.ended;
    expect(b.reader.isEnded() || c.reader.isEnded()).toBe(false);
    expect(site.live.hub.connectionsOf('ann').size).toBe(2);
  });

  it('sends a comment heartbeat every 15 s, and stops its timer when the last stream goes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const site = createLiveSite();
    const ann = await connect(site, 'ann');
    await eventually(() => ann.reader.events.length === 1);
    const comments = ann.reader.comments;
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(14_999);
    await settle();
    expect(ann.reader.comments).toBe(comments);
    vi.advanceTimersByTime(1);
    await eventually(() => ann.reader.comments === comments + 1);
    vi.advanceTimersByTime(30_000);
    await eventually(() => ann.reader.comments === comments + 3);
    ann.abort();
    await ann.reader.ended;
    expect(site.live.hub.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('releases a stream when the client aborts or cancels the body, and stops reading the feed with the last one', async () => {
    const site = createLiveSite();
    const subscribe = vi.spyOn(site.feed, 'subscribe');
    const ann = await connect(site, 'ann');
    const bob = await connect(site, 'bob');
    await eventually(() => ann.reader.events.length === 1 && bob.reader.events.length === 1);
    expect(site.live.hub.size).toBe(2);
    ann.abort();
    await ann.reader.ended;
    expect(site.live.hub.size).toBe(1);
    await bob.reader.cancel();
    expect(site.live.hub.size).toBe(0);
    expect([...site.live.hub.users()]).toEqual([]);
    // The feed subscription was dropped: publishing now reaches no stream and reads nothing.
    const loads = site.loads;
    await site.change('ann', 1);
    await settle();
    expect(site.loads).toBe(loads);
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  it('closes a client that stops reading once too much waits for it, without holding up the others', async () => {
    const site = createLiveSite({ maxQueuedBytes: 20_000 });
    const stalled = await site.handler(
      new Request('http://site.test/api/inbox/events', { headers: { 'x-user': 'ann' } }),
    );
    const reading = await connect(site, 'ann');
    for (let total = 1; total <= 200; total++) {
      await site.change('ann', total);
      await eventually(() => totals(reading.reader).at(-1) === total);
    }
    expect(totals(reading.reader)).toHaveLength(201);
    // The stalled stream was closed after about 20 kB (its client would reconnect and resume).
    const connections = [...site.live.hub.connectionsOf('ann')];
    expect(connections).toHaveLength(1);
    const body = await stalled.text();
    expect(body.length).toBeLessThan(30_000);
    expect(body.length).toBeGreaterThan(20_000);
  });

  it('names a bad option', () => {
    expect(() => createLiveHub({ heartbeatMs: 0 })).toThrow(/heartbeatMs/);
    expect(() => createLiveHub({ maxConnectionsPerUser: 1.5 })).toThrow(/maxConnectionsPerUser/);
    expect(() => createLiveSite({ feed: {} as never })).toThrow(/feed/);
  });
});
