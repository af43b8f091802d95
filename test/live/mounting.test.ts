import { request as httpRequest, type IncomingMessage } from 'node:http';
import express from 'express';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { toNodeListener } from '../../src/server/node-listener.js';
import { createRedisChangeFeed } from '../../src/server/redis/change-feed.js';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-server.js';
import { redisClients, uniquePrefix, until } from '../support/redis-clients.js';
import { createLiveSite } from './support/live-site.js';
import { eventually, readSse, settle } from './support/sse-reader.js';

const servers: LoopbackServer[] = [];
const clients = redisClients();
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => clients.closeAll());

/** A raw node:http GET of the stream: every chunk as it arrives off the socket, so buffering would show. */
function rawStream(url: string, headers: Record<string, string> = {}) {
  const chunks: string[] = [];
  let response: IncomingMessage | undefined;
  const request = httpRequest(`${url}/api/inbox/events`, { headers: { 'x-user': 'ann', ...headers } }, (res) => {
    response = res;
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => chunks.push(chunk));
  });
  request.on('error', () => {});
  request.end();
  return {
    chunks,
    text: () => chunks.join(''),
    headers: () => response?.headers,
    close: () => request.destroy(),
  };
}

const mounts = {
  'node:http (toNodeListener)': (site: ReturnType<typeof createLiveSite>) => toNodeListener(site.handler),
  'Express (app.use + toNodeListener)': (site: ReturnType<typeof createLiveSite>) => {
    const app = express();
    app.use('/api/inbox', toNodeListener(site.handler));
    return app;
  },
  'Hono (with its compress middleware), served by toNodeListener(app.fetch)': (
    site: ReturnType<typeof createLiveSite>,
  ) => {
    const app = new Hono();
    app.use(compress());
    app.get('/api/inbox/events', (c) => site.handler(c.req.raw));
    return toNodeListener((request) => Promise.resolve(app.fetch(request)));
  },
};

describe.each(Object.entries(mounts))('mounted in %s', (_name, mount) => {
  it('sends each event at once, uncompressed, while the stream stays open', async () => {
    const site = createLiveSite();
    site.totals.set('ann', 1);
    const server = await listenOnLoopback(mount(site) as Parameters<typeof listenOnLoopback>[0]);
    servers.push(server);
    const stream = rawStream(server.url, { 'accept-encoding': 'gzip, deflate, br' });
    await eventually(() => stream.text().includes('"total":1'));
    expect(stream.headers()?.['content-type']).toBe('text/event-stream');
    expect(stream.headers()?.['x-accel-buffering']).toBe('no');
    expect(stream.headers()?.['content-encoding']).toBeUndefined();
    expect(stream.text()).toMatch(/^retry: \d+\n/);
    for (const total of [2, 3, 4]) {
      const id = await site.change('ann', total);
      // Nothing else is written after the event: it can only arrive if each write is flushed.
      await eventually(() => stream.text().includes(`id: ${id}\nevent: summary\ndata: {"total":${total},`));
    }
    stream.close();
    await eventually(() => site.live.hub.size === 0);
  });
});

describe('through node:http with the Redis change feed', () => {
  /** How many connections named `name` are blocked in XREAD (test files share one Redis, in parallel). */
  const blockedReaders = async (admin: ReturnType<typeof clients.connect>, name: string) =>
    ((await admin.call('CLIENT', 'LIST')) as string)
      .split('\n')
      .filter((line) => line.includes(` name=${name} `) && / cmd=xread\b/.test(line)).length;
  const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

  it('1,000 connects and disconnects leave no stream, listener, timer or Redis reader behind', async () => {
    const admin = clients.connect(inject('redisUrl'));
    const key = `${uniquePrefix()}changes`;
    // Named, so that its blocking reader (a duplicate() of it, which keeps the name) is told apart from other files'.
    const feed = createRedisChangeFeed(clients.connect(inject('redisUrl'), { connectionName: key }), {
      key,
      commandTimeoutMs: 5_000,
    });
    const site = createLiveSite({ feed });
    const server = await listenOnLoopback(toNodeListener(site.handler));
    servers.push(server);
    const readersBefore = await blockedReaders(admin, key);
    const timersBefore = timers();
    let opened = 0;
    const worker = async () => {
      while (opened < 1_000) {
        const user = `user-${opened++ % 37}`;
        const controller = new AbortController();
        const response = await fetch(`${server.url}/api/inbox/events`, {
          headers: { 'x-user': user },
          signal: controller.signal,
        });
        const reader = readSse(response.body!);
        await eventually(() => reader.events.length === 1);
        controller.abort();
        await reader.ended;
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    await eventually(() => site.live.hub.size === 0);
    expect([...site.live.hub.users()]).toEqual([]);
    await until(async () => (await blockedReaders(admin, key)) === readersBefore);
    await until(() => timers() <= timersBefore);
    await until(
      async () =>
        (await new Promise<number>((resolve) => server.server.getConnections((_, count) => resolve(count)))) === 0,
    );
    await feed.close();
  }, 240_000);

  it('a client that stops reading never holds up the others', async () => {
    const feed = createRedisChangeFeed(clients.connect(inject('redisUrl')), {
      key: `${uniquePrefix()}changes`,
      commandTimeoutMs: 5_000,
    });
    const site = createLiveSite({ feed });
    const server = await listenOnLoopback(toNodeListener(site.handler));
    servers.push(server);
    // The stalled client: its socket is paused, so the server's writes back up.
    const stalled = httpRequest(`${server.url}/api/inbox/events`, { headers: { 'x-user': 'ann' } }, (res) =>
      res.pause(),
    );
    stalled.on('error', () => {});
    stalled.end();
    const readers = await Promise.all(
      ['ann', 'ann', 'bob'].map(async (user) =>
        readSse((await fetch(`${server.url}/api/inbox/events`, { headers: { 'x-user': user } })).body!),
      ),
    );
    await eventually(() => readers.every((reader) => reader.events.length === 1) && site.live.hub.size === 4);
    const padding = 'x'.repeat(20_000);
    for (let round = 1; round <= 100; round++) {
      site.totals.set('ann', round);
      site.totals.set('bob', round);
      await Promise.all([site.live.changed('ann', padding), site.live.changed('bob')]);
      await eventually(() => readers.every((reader) => reader.events.length === round + 1));
    }
    for (const reader of readers)
      expect(reader.events.map((event) => JSON.parse(event.data).total)).toEqual(
        Array.from({ length: 101 }, (_, i) => i),
      );
    stalled.destroy();
    await Promise.all(readers.map((reader) => reader.cancel()));
    await eventually(() => site.live.hub.size === 0);
    await settle();
    await feed.close();
  }, 120_000);
});
