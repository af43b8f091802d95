import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createInboxHandler,
  type InboxHandler,
  type InboxHandlerOptions,
  type InboxSummary,
} from '../../src/server/index.js';
import { cometchatInbox, ok, startVendorStub, stubClients, type VendorStub } from '../server/support/vendor-stub.js';
import { eventually, readSse, settle, type SseReader } from './support/sse-reader.js';

let stub: VendorStub;
const handlers: InboxHandler[] = [];
const readers: SseReader[] = [];
beforeEach(async () => {
  stub = await startVendorStub();
});
afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
  for (const handler of handlers.splice(0)) {
    handler.closeLive();
    handler.changes.close();
  }
  await stub.close();
});

function handlerFor(options: Partial<InboxHandlerOptions> = {}) {
  const clients = stubClients(stub);
  const handler = createInboxHandler({
    cometchat: { client: clients.cometchat },
    resolveUser: () => ({ cometchat: { uid: 'superhero4' } }),
    ...options,
  });
  handlers.push(handler);
  return handler;
}
async function stream(handler: InboxHandler) {
  const response = await handler(new Request('http://site.test/api/inbox/events'));
  const reader = readSse(response.body!);
  readers.push(reader);
  return reader;
}
const summaries = (reader: SseReader) => reader.events.map((event) => JSON.parse(event.data) as InboxSummary);
/** CometChat's inbox example with `conversationId`'s unread count set. */
function inboxWith(conversationId: string, unread: number) {
  const body = structuredClone(cometchatInbox()) as { data: { conversationId: string; unreadMessageCount: number }[] };
  for (const conversation of body.data)
    if (conversation.conversationId === conversationId) conversation.unreadMessageCount = unread;
  return body;
}

describe('the handler announces changes to its live streams', () => {
  it('a mark-read shows in every stream of the visitor (two tabs) at once, one event each', async () => {
    // A long cache: only the mark-read's announcement can bring the streams the new count.
    const handler = handlerFor({ cacheTtlMs: 600_000 });
    stub.answers.cometchat = ok(inboxWith('superhero3_user_superhero4', 2));
    const [tab1, tab2] = [await stream(handler), await stream(handler)];
    await eventually(() => tab1.events.length === 1 && tab2.events.length === 1);
    expect(summaries(tab1)[0]!.total).toBe(summaries(tab2)[0]!.total);
    const before = summaries(tab1)[0]!.total;

    stub.answers.cometchat = ok(inboxWith('superhero3_user_superhero4', 0));
    const response = await handler(
      new Request('http://site.test/api/inbox/conversations/cometchat/superhero3_user_superhero4/read', {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(response.status).toBe(204);
    await eventually(() => tab1.events.length === 2 && tab2.events.length === 2);
    expect(summaries(tab1)[1]!.total).toBe(before - 2);
    expect(summaries(tab2)[1]).toEqual(summaries(tab1)[1]);
    expect(tab2.events[1]!.id).toBe(tab1.events[1]!.id);
    await settle(300);
    expect(tab1.events).toHaveLength(2);
  });

  it('a provider failing, then recovering, is sent as it happens (stale and failures, then fresh)', async () => {
    // No webhooks: open streams are re-read every cacheTtlMs, through the cache, as polling would.
    const handler = handlerFor({ cacheTtlMs: 100, failureWindowMs: 50 });
    const reader = await stream(handler);
    await eventually(() => reader.events.length === 1);
    expect(summaries(reader)[0]!.stale).toBe(false);

    stub.answers.cometchat = { status: 500, body: { error: { code: 'ERR_INTERNAL', message: 'down' } } };
    await eventually(() => summaries(reader).some((summary) => summary.stale));
    const failed = summaries(reader).find((summary) => summary.stale)!;
    expect(failed.failures.map((failure) => failure.provider)).toEqual(['cometchat']);
    expect(failed.total).toBe(summaries(reader)[0]!.total); // the last good data, marked stale

    stub.answers.cometchat = ok(cometchatInbox());
    await eventually(() => summaries(reader).at(-1)!.stale === false && summaries(reader).length >= 3);
    expect(summaries(reader).at(-1)!.failures).toEqual([]);
    // Consecutive events always differ in what they show.
    const shown = summaries(reader).map(({ asOf: _asOf, ...rest }) => JSON.stringify(rest));
    for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1]);
  });

  it('a summary that cannot be shown (every provider failing, nothing cached) sends no event and no error page', async () => {
    stub.answers.cometchat = { status: 500, body: { error: { code: 'ERR_INTERNAL', message: 'down' } } };
    const handler = handlerFor({ cacheTtlMs: 100, failureWindowMs: 50 });
    const response = await handler(new Request('http://site.test/api/inbox/events'));
    expect(response.status).toBe(200);
    const reader = readSse(response.body!);
    readers.push(reader);
    await settle(400);
    expect(reader.events).toEqual([]);
    stub.answers.cometchat = ok(cometchatInbox());
    await eventually(() => reader.events.length === 1);
    expect(summaries(reader)[0]!.failures).toEqual([]);
  });

  it('200 visitors connecting and leaving through node:http leave no timer or connection behind', async () => {
    const { toNodeListener } = await import('../../src/server/node-listener.js');
    const { listenOnLoopback } = await import('../support/loopback-server.js');
    const handler = handlerFor({ resolveUser: (request) => ({ cometchat: { uid: request.headers.get('x-uid')! } }) });
    const server = await listenOnLoopback(toNodeListener(handler));
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    try {
      // One stream first (its timers running), then the baseline with none open.
      const warm = new AbortController();
      const first = readSse(
        (await fetch(`${server.url}/api/inbox/events`, { headers: { 'x-uid': 'warm' }, signal: warm.signal })).body!,
      );
      await eventually(() => first.events.length === 1);
      warm.abort();
      await first.ended;
      await settle(200);
      const before = timers();
      for (let round = 0; round < 10; round++) {
        await Promise.all(
          Array.from({ length: 20 }, async (_, i) => {
            const controller = new AbortController();
            const reader = readSse(
              (
                await fetch(`${server.url}/api/inbox/events`, {
                  headers: { 'x-uid': `user-${i % 7}` },
                  signal: controller.signal,
                })
              ).body!,
            );
            await eventually(() => reader.events.length === 1);
            controller.abort();
            await reader.ended;
          }),
        );
      }
      await eventually(() => timers() <= before);
      let open = -1;
      await eventually(() => {
        server.server.getConnections((_, count) => (open = count));
        return open === 0;
      });
    } finally {
      await server.close();
    }
  }, 120_000);
});
