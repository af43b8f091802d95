import { createCommBoxClient, createCometChatClient, createInbox } from 'conversations-client';
import { describe, expect, inject, it } from 'vitest';

/** An inbox over the mocks; a scenario name picks the example each serves (none: the first). */
const inboxFor = (commboxScenario?: string, cometchatScenario?: string) =>
  createInbox({
    commbox: {
      client: createCommBoxClient({
        token: 't',
        baseUrl: inject('commboxUrl'),
        headers: commboxScenario ? { Prefer: commboxScenario } : {},
      }),
      userIdentityId: 558355,
    },
    cometchat: {
      client: createCometChatClient({
        appId: 'a',
        region: 'us',
        apiKey: 'inbox-contract-key', // its own state in the shared stateful mock (it marks conversations read)
        baseUrl: inject('cometchatUrl'),
        headers: cometchatScenario ? { Prefer: cometchatScenario } : {},
      }),
      uid: 'superhero4',
    },
  });

describe('the inbox against the Prism mocks', () => {
  it('sums unread messages across both providers, newest activity first', async () => {
    const summary = await inboxFor('example=unreadChats', 'example=inbox').unreadSummary();
    expect(summary.failures).toEqual([]);
    expect(summary.byProvider).toEqual({ commbox: 4, cometchat: 5 });
    expect(summary.total).toBe(9);
    expect(summary.conversations.map((c) => `${c.provider}:${c.id}:${c.unread}`)).toEqual([
      'commbox:401120:3',
      'commbox:400871:1',
      'commbox:399502:0',
      'cometchat:superhero3_user_superhero4:3',
      'cometchat:group_project-group:2',
      'cometchat:superhero2_user_superhero4:0',
    ]);
    const [first] = summary.conversations;
    expect(first).toMatchObject({ title: 'Dana Levi', lastMessage: { text: 'Is my order #4471 on its way?' } });
    expect(first?.updatedAt.toISOString()).toBe('2026-03-02T09:12:44.000Z');
    const group = summary.conversations.find((c) => c.id === 'group_project-group');
    expect(group).toMatchObject({ title: 'Project Group1', lastMessage: { text: 'Deploy is done 🎉' } });
    expect(group?.lastMessage?.at.toISOString()).toBe('2025-11-20T08:00:00.000Z');
  });

  it('onlyUnread and limit filter the list, not the total', async () => {
    const summary = await inboxFor('example=unreadChats', 'example=inbox').unreadSummary({
      onlyUnread: true,
      limit: 2,
    });
    expect(summary.conversations.map((c) => c.id)).toEqual(['401120', '400871']);
    expect(summary.total).toBe(9);
  });

  it('an empty inbox is zero everywhere', async () => {
    const summary = await inboxFor('example=emptyInbox', 'example=empty').unreadSummary();
    expect(summary).toEqual({ total: 0, byProvider: { commbox: 0, cometchat: 0 }, conversations: [], failures: [] });
  });

  it('a throttled provider goes into failures; the other is still there', async () => {
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: inject('commboxUrl'),
      headers: { Prefer: 'code=429' },
      maxRetries: 0,
    });
    const cometchat = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: 'inbox-contract-key', // its own state in the shared stateful mock (it marks conversations read)
      baseUrl: inject('cometchatUrl'),
      headers: { Prefer: 'example=inbox' },
    });
    const summary = await createInbox({
      commbox: { client: commbox, userIdentityId: 558355 },
      cometchat: { client: cometchat, uid: 'superhero4' },
    }).unreadSummary();
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]).toMatchObject({ provider: 'commbox', error: { name: 'RateLimitError', status: 429 } });
    expect(summary.total).toBe(5);
    expect(summary.conversations.every((c) => c.provider === 'cometchat')).toBe(true);
  });

  it('markRead marks a CometChat conversation read and refuses CommBox clearly', async () => {
    const inbox = inboxFor();
    const { conversations, total } = await inbox.unreadSummary();
    expect(total).toBe(2 + 5);
    await expect(inbox.markRead(conversations.find((c) => c.provider === 'cometchat')!)).resolves.toBeUndefined();
    await expect(inbox.markRead(conversations.find((c) => c.provider === 'commbox')!)).rejects.toMatchObject({
      name: 'UnsupportedOperationError',
    });
  });
});
