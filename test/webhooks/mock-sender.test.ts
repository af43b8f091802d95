import { afterEach, describe, expect, it } from 'vitest';
import { createCometChatClient } from 'conversations-client';
import { MOCK_WEBHOOK_CREDENTIALS, startMockServers, type MockServers } from '../../src/mock/index.js';
import { createInboxHandler, createMemoryStore, toNodeListener, type InboxHandler } from '../../src/server/index.js';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-server.js';
import { until } from '../support/redis-clients.js';

const OWNER = 'superhero4';
let mocks: MockServers | undefined;
let site: LoopbackServer | undefined;
let handler: InboxHandler | undefined;

afterEach(async () => {
  handler?.changes.close();
  await site?.close();
  await mocks?.close();
  mocks = site = handler = undefined;
});

/** The site: a handler behind node:http, the mocks posting their webhooks to it. */
async function stack(options: { failRate?: number; reconcileMs?: number }) {
  let clock = Date.now();
  let siteUrl = '';
  site = await listenOnLoopback((request, response) => listener(request, response));
  siteUrl = site.url;
  mocks = await startMockServers({
    seed: 7,
    clock: () => clock,
    webhooks: { url: `${siteUrl}/api/inbox/webhooks` },
    failRate: options.failRate,
  });
  // REST reads never fail here (x-mock-fail: none): only the webhooks suffer the fail-rate.
  const client = (onBehalfOf?: string) =>
    createCometChatClient({
      ...(onBehalfOf ? { onBehalfOf } : {}),
      appId: 'app',
      region: 'us',
      apiKey: 'key',
      baseUrl: mocks!.cometchat.url,
      headers: { Prefer: 'example=live', 'x-mock-fail': 'none' },
    });
  handler = createInboxHandler({
    cometchat: { client: client() },
    resolveUser: () => ({ cometchat: { uid: OWNER } }),
    store: createMemoryStore(),
    vendorTimeoutMs: 60_000,
    webhooks: { cometchat: { ...MOCK_WEBHOOK_CREDENTIALS.cometchat }, reconcileMs: options.reconcileMs },
  });
  const listener = toNodeListener(handler);
  const summary = async () => ((await (await fetch(`${siteUrl}/api/inbox/summary`)).json()) as { total: number }).total;
  const truth = async () => {
    let total = 0;
    for await (const conversation of client(OWNER).conversations())
      total += Number(conversation.unreadMessageCount ?? 0);
    return total;
  };
  return { summary, truth, advance: (ms: number) => (clock += ms), handler };
}

describe('the stateful mock posts vendor webhooks', () => {
  it(
    'live messages reach the handler as CometChat message_sent webhooks: the summary follows without waiting for the cache',
    { timeout: 180_000 },
    async () => {
      const site = await stack({});
      const first = await site.summary();
      const heard: number[] = [];
      site.handler.changes.onSummaryChange((change) => heard.push(change.unread));
      site.advance(30_000); // several live messages are due; the mock's ticker delivers them and posts webhooks
      await until(async () => heard.length > 0, 60_000);
      await site.handler.changes.settled();
      const after = await site.summary();
      expect(after).toBeGreaterThan(first);
      expect(after).toBe(await site.truth());
    },
  );

  it(
    'under fail-rate 0.3 (dropped, duplicated, delayed webhooks) the summary ends equal to a fresh REST read',
    { timeout: 240_000 },
    async () => {
      const site = await stack({ failRate: 0.3, reconcileMs: 2_000 });
      await site.summary();
      const stop = site.handler.changes.watch({ cometchat: { uid: OWNER } });
      for (let step = 0; step < 10; step++) {
        site.advance(30_000); // 5 minutes of live in all
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await until(async () => {
        await site.handler.changes.settled();
        return (await site.summary()) === (await site.truth());
      }, 120_000);
      stop();
    },
  );

  it(
    'a mark-read on the mock goes out as a CometChat message_read_receipt naming the reader',
    { timeout: 180_000 },
    async () => {
      const posts: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
      site = await listenOnLoopback((request, response) => {
        let text = '';
        request.on('data', (chunk: Buffer) => (text += chunk.toString()));
        request.on('end', () => {
          posts.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(text) });
          response.writeHead(200).end();
        });
      });
      mocks = await startMockServers({ seed: 7, webhooks: { url: `${site.url}/hooks` } });
      const client = createCometChatClient({
        onBehalfOf: OWNER,
        appId: 'app',
        region: 'us',
        apiKey: 'receipt-key',
        baseUrl: mocks.cometchat.url,
        headers: { Prefer: 'example=live', 'x-mock-fail': 'none' },
      });
      const { data } = await client.listConversations();
      const withUser = data.find((conversation) => conversation.conversationType === 'user')!;
      const other = (withUser.conversationWith as { uid: string }).uid;
      await client.markConversationRead({ uid: other });
      await until(async () => posts.some((post) => post.body.trigger === 'message_read_receipt'), 60_000);
      const receipt = posts.find((post) => post.body.trigger === 'message_read_receipt')!;
      expect(receipt.path).toBe('/hooks/cometchat');
      expect(receipt.authorization).toMatch(/^Basic /);
      expect(JSON.stringify(receipt.body.data)).toContain(OWNER);
      expect(JSON.stringify(receipt.body.data)).toContain(other);
    },
  );
});
