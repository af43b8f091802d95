import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

/** What the vendors' published documents say the wire carries, for the parts our specs once got wrong. */
describe('as the vendors document', () => {
  const conversation = { data: { conversationId: 'team_group', conversationType: 'group', unreadMessageCount: '4' } };
  const cometchat = (fetch: ReturnType<typeof recordingFetch>) =>
    createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: 'k',
      onBehalfOf: 'me',
      baseUrl: 'http://cc.test',
      fetch,
    });

  it('List Conversations sends tags, userTags and groupTags comma-joined (form, explode false), and withUserAndGroupTags', async () => {
    const fetch = recordingFetch(() =>
      json({ data: [], meta: { pagination: { total: 0, count: 0, per_page: 100, current_page: 1, total_pages: 1 } } }),
    );
    await cometchat(fetch).listConversations({
      tags: ['vip', 'gold'],
      userTags: ['a', 'b'],
      groupTags: ['g'],
      withUserAndGroupTags: true,
    });
    const url = new URL(fetch.requests[0]!.url);
    expect(url.searchParams.getAll('tags')).toEqual(['vip,gold']);
    expect(url.searchParams.getAll('userTags')).toEqual(['a,b']);
    expect(url.searchParams.get('groupTags')).toBe('g');
    expect(url.searchParams.get('withUserAndGroupTags')).toBe('true');
  });

  it.each([
    [57, 57],
    ['57', 57],
  ])('mark read sends messageId %j as the integer %j', async (given, sent) => {
    const fetch = recordingFetch(() => json({ data: { success: true } }));
    await cometchat(fetch).markConversationRead({ uid: 'superhero3', messageId: given });
    expect(await fetch.requests[0]!.json()).toEqual({ messageId: sent });
  });

  it.each([['abc'], [0], [1.5], ['']])('mark read refuses messageId %j before any request', async (messageId) => {
    const fetch = recordingFetch(() => json({}));
    await expect(
      cometchat(fetch).markConversationRead({ uid: 'superhero3', messageId: messageId as never }),
    ).rejects.toThrow(/"messageId"/);
    expect(fetch.requests).toHaveLength(0);
  });

  it('Get Group Conversation reads /groups/{guid}/conversation on behalf of the user', async () => {
    const fetch = recordingFetch(() => json(conversation));
    await expect(cometchat(fetch).getGroupConversation('team/1')).resolves.toEqual(conversation);
    expect(new URL(fetch.requests[0]!.url).pathname).toBe('/groups/team%2F1/conversation');
    expect(fetch.requests[0]!.headers.get('onBehalfOf')).toBe('me');
  });

  it('a uid outside any pattern the vendor never stated is sent (one encoded segment)', async () => {
    const fetch = recordingFetch(() => json(conversation));
    await cometchat(fetch).getUserConversation('user.with.dots@example');
    expect(new URL(fetch.requests[0]!.url).pathname).toBe('/users/user.with.dots%40example/conversation');
  });

  it.each([
    [100, true],
    [99, false],
    [0, false],
  ])('getUserObjects with %i conversations says mayBeTruncated: %s', async (count, truncated) => {
    const data = Array.from({ length: count }, (_, i) => ({ objectId: i + 1 }));
    const fetch = recordingFetch(() => json({ status: 200, totalUnreadChatMessages: 0, data }));
    const result = await createCommBoxClient({ token: 't', baseUrl: 'http://cb.test', fetch }).getUserObjects(1);
    expect(result.mayBeTruncated).toBe(truncated);
    expect(result.data).toHaveLength(count);
  });
});
