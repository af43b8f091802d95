import { request as httpRequest, type ClientRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/server/node-listener.js';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-server.js';
import { createLiveSite } from './support/live-site.js';
import { eventually, settle } from './support/sse-reader.js';

const servers: LoopbackServer[] = [];
const requests: ClientRequest[] = [];
afterEach(async () => {
  for (const request of requests.splice(0)) request.destroy();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A GET whose response is paused (never read) or read; resolves once the headers came. */
function open(url: string, read: boolean): Promise<{ received: () => number }> {
  let received = 0;
  return new Promise((resolve) => {
    const request = httpRequest(url, (response) => {
      if (read) response.on('data', (chunk: Buffer) => (received += chunk.length));
      else response.pause();
      resolve({ received: () => received });
    });
    request.on('error', () => {});
    request.end();
    requests.push(request);
  });
}

describe('toNodeListener with streaming bodies', () => {
  it('honours backpressure: a client that does not read stops the body from being pulled', async () => {
    let produced = 0;
    const chunk = new Uint8Array(64 * 1024);
    const handler = async () =>
      new Response(
        new ReadableStream<Uint8Array>(
          { pull: (controller) => void ((produced += chunk.length), controller.enqueue(chunk)) },
          { highWaterMark: 0 },
        ),
      );
    const server = await listenOnLoopback(toNodeListener(handler));
    servers.push(server);
    await open(server.url, false);
    // The socket's buffers fill, then nothing more is pulled.
    let last = -1;
    await eventually(() => {
      const steady = produced === last && produced > 0;
      last = produced;
      return steady;
    }, 60_000).catch(() => {});
    await settle(500);
    const plateau = produced;
    await settle(500);
    expect(produced).toBe(plateau);
    expect(produced).toBeLessThan(64 * 1024 * 1024);
  });

  it('cancels the body when the client goes away (the producer hears of it, not only the request signal)', async () => {
    let cancelled = 0;
    const handler = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start: (controller) => controller.enqueue(new TextEncoder().encode('hello')),
          cancel: () => void cancelled++,
        }),
      );
    const server = await listenOnLoopback(toNodeListener(handler));
    servers.push(server);
    const client = await open(server.url, true);
    await eventually(() => client.received() === 5);
    requests[0]!.destroy();
    await eventually(() => cancelled === 1);
  });

  it('writes a live hub stream straight to the socket, and releases it when the client goes away', async () => {
    const site = createLiveSite();
    site.totals.set('ann', 2);
    const server = await listenOnLoopback(
      toNodeListener((request) => site.handler(new Request(request, { headers: { 'x-user': 'ann' } }))),
    );
    servers.push(server);
    const chunks: string[] = [];
    const request = httpRequest(`${server.url}/api/inbox/events`, (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => chunks.push(chunk));
    });
    request.on('error', () => {});
    request.end();
    requests.push(request);
    await eventually(() => chunks.join('').includes('"total":2'));
    const id = await site.change('ann', 3);
    await eventually(() => chunks.join('').includes(`id: ${id}\nevent: summary\n`));
    expect(chunks.join('')).toMatch(/^retry: \d+\n: connected\n\n/);
    request.destroy();
    await eventually(() => site.live.hub.size === 0);
  });
});
