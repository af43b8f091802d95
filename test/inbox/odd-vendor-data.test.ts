import {
  createCommBoxClient,
  createCometChatClient,
  createInbox,
  InvalidResponseError,
  type UnreadSummary,
} from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

const commboxBody = {
  status: 200,
  totalUnreadChatMessages: 2,
  data: [{ objectId: 7, firstName: 'Ann', unreadMessages: 2, updatedTime: '2026-02-12T15:00:00' }],
};

function inboxAnswering(cometchatBody: unknown) {
  const commbox = createCommBoxClient({
    token: 't',
    baseUrl: 'http://cb.test',
    fetch: recordingFetch(() => json(commboxBody)),
    maxRetries: 0,
  });
  const cometchat = createCometChatClient({
    appId: 'a',
    region: 'us',
    apiKey: 'k',
    baseUrl: 'http://cc.test',
    fetch: recordingFetch(() => json(cometchatBody)),
    maxRetries: 0,
  });
  return createInbox({ commbox: { client: commbox, userIdentityId: 1 }, cometchat: { client: cometchat, uid: 'me' } });
}

describe('odd vendor data never takes the inbox down', () => {
  it('numeric conversation ids become strings and sort', async () => {
    const summary = await inboxAnswering({
      data: [
        { conversationId: 1, unreadMessageCount: '2' },
        { conversationId: 2, unreadMessageCount: -4 },
      ],
    }).unreadSummary();
    expect(
      summary.conversations.map((conversation) => [conversation.provider, conversation.id, conversation.unread]),
    ).toEqual([
      ['commbox', '7', 2],
      ['cometchat', '1', 2],
      ['cometchat', '2', 0],
    ]);
    expect(summary.total).toBe(4);
    expect(summary.failures).toEqual([]);
  });

  it.each([
    [
      'items that are not conversations',
      { data: [1, 'x', null, { conversationId: {} }, { conversationId: 'ok', unreadMessageCount: 1 }] },
      1,
      1,
    ],
    ['a data that is not a list', { data: 'surprise' }, 0, 1],
    [
      'conversations with odd fields',
      {
        data: [
          {
            conversationId: 'c',
            lastMessage: { data: 5, type: 7 },
            conversationWith: 'nobody',
            updatedAt: 'yesterday',
          },
        ],
      },
      1,
      0,
    ],
  ])('%s: CommBox data kept, CometChat odd data in failures', async (_name, body, kept, failed) => {
    const summary = await inboxAnswering(body).unreadSummary();
    expect(summary.byProvider.commbox).toBe(2);
    expect(summary.conversations.filter((conversation) => conversation.provider === 'cometchat')).toHaveLength(kept);
    expect(summary.failures).toHaveLength(failed);
    for (const failure of summary.failures) {
      expect(failure.provider).toBe('cometchat');
      expect(failure.error).toBeInstanceOf(InvalidResponseError);
    }
  });

  it('watch keeps running on odd data and reports through the summary', async () => {
    const inbox = inboxAnswering({ data: [{ conversationId: 1 }, { conversationId: 2 }, 'junk'] });
    const controller = new AbortController();
    const seen: UnreadSummary[] = [];
    const errors: unknown[] = [];
    const done = inbox.watch(
      { intervalMs: 5, signal: controller.signal, onError: (error) => errors.push(error) },
      (summary) => {
        seen.push(summary);
        controller.abort();
      },
    );
    await expect(done).resolves.toBeUndefined();
    expect(seen[0]!.byProvider.commbox).toBe(2);
    expect(seen[0]!.failures.map((failure) => failure.provider)).toEqual(['cometchat']);
    expect(errors).toEqual([]);
  });

  it('an onChange that throws goes to onError; the watch goes on', async () => {
    const inbox = inboxAnswering({ data: [] });
    const controller = new AbortController();
    const errors: unknown[] = [];
    let calls = 0;
    const done = inbox.watch(
      { intervalMs: 5, signal: controller.signal, onError: (error) => errors.push(error) },
      () => {
        calls++;
        throw new Error('render failed');
      },
    );
    while (errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(done).resolves.toBeUndefined();
    expect(calls).toBe(1);
    expect((errors[0] as Error).message).toBe('render failed');
  });
});
