import { createCommBoxClient, createCometChatClient, createInbox, type UnreadSummary } from 'conversations-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

const commboxBody = (unread: number[], reported = unread.reduce((a, b) => a + b, 0)) => ({
  totalUnreadChatMessages: reported,
  status: 200,
  data: unread.map((count, i) => ({
    objectId: 100 + i,
    firstName: 'Customer',
    lastName: String(i),
    message: `<p>Hello&nbsp;<b>${i}</b></p>`,
    createdTime: '2026-02-12T15:01:02',
    updatedTime: `2026-02-12T15:0${i}:00`, // zone-less: UTC
    unreadMessages: count,
  })),
});
const cometchatBody = (unread: (string | number)[]) => ({
  data: unread.map((count, i) => ({
    conversationId: `u${i}_user_me`,
    conversationType: 'user',
    unreadMessageCount: count,
    updatedAt: 1_700_000_000 + i,
    conversationWith: { uid: `u${i}`, name: `User ${i}` },
    lastMessage: {
      id: String(i),
      category: 'message',
      type: 'text',
      data: { text: `hi ${i}` },
      sentAt: 1_700_000_000 + i,
    },
  })),
  meta: { pagination: { total: unread.length, count: unread.length, per_page: 100, current_page: 1, total_pages: 1 } },
});

function clients(
  commboxAnswer: (request: Request) => Response | Promise<Response>,
  cometchatAnswer: (request: Request) => Response | Promise<Response>,
) {
  const commboxFetch = recordingFetch(commboxAnswer);
  const cometchatFetch = recordingFetch(cometchatAnswer);
  const inbox = createInbox({
    commbox: {
      client: createCommBoxClient({ token: 't', baseUrl: 'http://cb.test', fetch: commboxFetch, maxRetries: 0 }),
      userIdentityId: 558355,
    },
    cometchat: {
      client: createCometChatClient({
        appId: 'a',
        region: 'us',
        apiKey: 'k',
        baseUrl: 'http://cc.test',
        fetch: cometchatFetch,
        maxRetries: 0,
      }),
      uid: 'me',
    },
  });
  return { inbox, commboxFetch, cometchatFetch };
}

describe('unreadSummary', () => {
  it('normalizes both vendors: string counts, zone-less times, HTML as text', async () => {
    const { inbox, cometchatFetch } = clients(
      () => json(commboxBody([2, 0])),
      () => json(cometchatBody(['3', 1])),
    );
    const summary = await inbox.unreadSummary();
    expect(summary.total).toBe(6);
    expect(summary.byProvider).toEqual({ commbox: 2, cometchat: 4 });
    const commbox = summary.conversations.find((c) => c.id === '100')!;
    expect(commbox).toMatchObject({
      provider: 'commbox',
      title: 'Customer 0',
      unread: 2,
      lastMessage: { text: 'Hello 0' },
    });
    expect(commbox.updatedAt.toISOString()).toBe('2026-02-12T15:00:00.000Z');
    expect(commbox.provider === 'commbox' && commbox.raw.objectId).toBe(100);
    const cometchat = summary.conversations.find((c) => c.id === 'u0_user_me')!;
    expect(cometchat).toMatchObject({
      provider: 'cometchat',
      title: 'User 0',
      unread: 3,
      lastMessage: { text: 'hi 0' },
    });
    expect(cometchatFetch.requests[0]!.headers.get('onBehalfOf')).toBe('me');
  });

  it('reports a CommBox total that disagrees with its conversations, keeping the data', async () => {
    const { inbox } = clients(
      () => json(commboxBody([2, 1], 7)),
      () => json(cometchatBody([])),
    );
    const summary = await inbox.unreadSummary();
    expect(summary.total).toBe(3);
    expect(summary.failures).toHaveLength(1);
    expect(summary.failures[0]).toMatchObject({
      provider: 'commbox',
      error: { name: 'UnreadCountMismatchError', reported: 7, counted: 3 },
    });
  });

  it('bad credentials on one provider never lose the other', async () => {
    const { inbox } = clients(
      () => json(commboxBody([1])),
      () => json({ error: { code: 'AUTH_ERR_APIKEY_NOT_FOUND', message: 'no' } }, 401),
    );
    const summary = await inbox.unreadSummary();
    expect(summary.conversations.map((c) => c.provider)).toEqual(['commbox']);
    expect(summary.failures).toEqual([
      {
        provider: 'cometchat',
        error: expect.objectContaining({ name: 'AuthenticationError', code: 'AUTH_ERR_APIKEY_NOT_FOUND' }),
      },
    ]);
    expect(summary.byProvider).toEqual({ commbox: 1, cometchat: 0 });
  });

  it('fetches both providers concurrently', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = (body: unknown) => async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return json(body);
    };
    const { inbox } = clients(slow(commboxBody([1])), slow(cometchatBody([1])));
    await inbox.unreadSummary();
    expect(most).toBe(2);
  });

  it('walks every CometChat page', async () => {
    const { inbox, cometchatFetch } = clients(
      () => json(commboxBody([])),
      (request) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        const body = cometchatBody(page === 1 ? [1, 1] : [5]);
        return json({
          ...body,
          meta: { pagination: { total: 3, count: 2, per_page: 2, current_page: page, total_pages: 2 } },
        });
      },
    );
    const summary = await inbox.unreadSummary();
    expect(cometchatFetch.requests.map((request) => new URL(request.url).searchParams.get('page'))).toEqual(['1', '2']);
    expect(summary.byProvider.cometchat).toBe(7);
  });

  it('refuses a bad configuration clearly', () => {
    expect(() => createInbox({})).toThrow(/needs commbox, cometchat or both/);
    const commbox = createCommBoxClient({ token: 't' });
    expect(() => createInbox({ commbox: { client: commbox, userIdentityId: 0 } })).toThrow(/"commbox.userIdentityId"/);
    const cometchat = createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k' });
    expect(() => createInbox({ cometchat: { client: cometchat, uid: '' } })).toThrow(/"cometchat.uid"/);
  });
});

describe('watch', () => {
  afterEach(() => vi.useRealTimers());

  it('calls back on the first poll and then only when a count changes; stops on abort', async () => {
    vi.useFakeTimers();
    const counts = [[1], [1], [2], [2], [0]];
    let poll = 0;
    const { inbox } = clients(
      () => json(commboxBody(counts[Math.min(poll++, counts.length - 1)]!)),
      () => json(cometchatBody([])),
    );
    const seen: number[] = [];
    const controller = new AbortController();
    const watching = inbox.watch({ intervalMs: 1_000, signal: controller.signal }, (summary) =>
      seen.push(summary.total),
    );
    for (let i = 0; i < 5; i++) await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    await watching;
    expect(seen).toEqual([1, 2, 0]);
  });

  it('backs off while throttled, honours Retry-After, and keeps the last counts meanwhile', async () => {
    vi.useFakeTimers();
    const answers = [
      () => json(cometchatBody([4])),
      () => json({ error: { code: 'ERR_TOO_MANY_REQUESTS' } }, 429, { 'retry-after': '20' }),
      () => json(cometchatBody([5])),
    ];
    const { inbox, cometchatFetch } = clients(
      () => json(commboxBody([])),
      () => answers[Math.min(cometchatFetch.requests.length - 1, 2)]!(),
    );
    const summaries: UnreadSummary[] = [];
    const controller = new AbortController();
    const watching = inbox.watch({ intervalMs: 1_000, signal: controller.signal }, (summary) =>
      summaries.push(summary),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(cometchatFetch.requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000); // the throttled poll
    expect(cometchatFetch.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(19_000); // Retry-After: 20 s is not over yet
    expect(cometchatFetch.requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cometchatFetch.requests).toHaveLength(3);
    controller.abort();
    await watching;
    // The throttled poll kept cometchat at 4: no change reported until it went to 5.
    expect(summaries.map((summary) => summary.total)).toEqual([4, 5]);
  });
});

describe('markRead', () => {
  it('marks a CometChat conversation read on behalf of the inbox user, with the right target', async () => {
    const { inbox, cometchatFetch } = clients(
      () => json(commboxBody([])),
      (request) =>
        request.method === 'POST'
          ? json({ data: { success: true } })
          : json({
              ...cometchatBody([1]),
              data: [
                {
                  ...cometchatBody([1]).data[0],
                  conversationType: 'group',
                  conversationWith: { guid: 'team-1', name: 'Team' },
                },
              ],
            }),
    );
    const { conversations } = await inbox.unreadSummary();
    await inbox.markRead(conversations[0]!);
    const post = cometchatFetch.requests.find((request) => request.method === 'POST')!;
    expect(new URL(post.url).pathname).toBe('/groups/team-1/conversation/read');
    expect(post.headers.get('onBehalfOf')).toBe('me');
  });
});
