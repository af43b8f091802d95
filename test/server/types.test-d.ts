import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { describe, expectTypeOf, it } from 'vitest';
import { createInboxClient, type InboxSummary as BrowserSummary } from '../../src/browser/index.js';
import { createInboxHandler, toNodeListener, type InboxApi, type InboxSummary } from '../../src/server/index.js';

const commbox = createCommBoxClient({ token: 't' });
const cometchat = createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k' });

describe('the server and browser halves share the generated inbox types', () => {
  it('the handler is a Fetch API handler, and a node listener through toNodeListener', () => {
    const handler = createInboxHandler({
      commbox: { client: commbox },
      cometchat: { client: cometchat },
      resolveUser: () => null,
    });
    expectTypeOf(handler).toExtend<(request: Request) => Promise<Response>>();
    expectTypeOf(handler.changes.onSummaryChange).returns.toEqualTypeOf<() => void>();
    expectTypeOf(toNodeListener(handler)).parameters.toMatchTypeOf<
      [import('node:http').IncomingMessage, import('node:http').ServerResponse]
    >();
  });

  it('resolveUser gives vendor ids of the right kinds, or null', () => {
    createInboxHandler({ cometchat: { client: cometchat }, resolveUser: async () => ({ cometchat: { uid: 'u' } }) });
    createInboxHandler({
      commbox: { client: commbox },
      // @ts-expect-error userIdentityId is a number
      resolveUser: () => ({ commbox: { userIdentityId: '558355' } }),
    });
    // @ts-expect-error resolveUser is required
    createInboxHandler({ commbox: { client: commbox } });
  });

  it('summary() resolves to the generated InboxSummary, the same type the server sends', () => {
    const inbox = createInboxClient();
    expectTypeOf(inbox.summary()).resolves.toEqualTypeOf<BrowserSummary>();
    expectTypeOf<BrowserSummary>().toEqualTypeOf<InboxSummary>();
    expectTypeOf<InboxSummary>().toEqualTypeOf<InboxApi.components['schemas']['InboxSummary']>();
    // @ts-expect-error markRead needs the conversation's provider
    void inbox.markRead({ id: '1' });
  });
});

describe('resolveUser (issue 21)', () => {
  it('may return undefined, as a Map.get miss does', () => {
    const sessions = new Map<string, { cometchat: { uid: string } }>();
    createInboxHandler({
      cometchat: { client: cometchat },
      resolveUser: (request) => sessions.get(request.headers.get('cookie') ?? ''),
    });
    createInboxHandler({ cometchat: { client: cometchat }, resolveUser: async () => undefined });
  });
});
