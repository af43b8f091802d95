import { createCommBoxClient, createCometChatClient, createInbox } from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { startMockServers, type MockServers } from '../../src/mock/index.js';
import { call } from './support/mock-client.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

async function withMocks<T>(options: Parameters<typeof startMockServers>[0], use: (mocks: MockServers) => Promise<T>): Promise<T> {
  const mocks = await startMockServers({ clock: () => NOW, ...options });
  try {
    return await use(mocks);
  } finally {
    await mocks.close();
  }
}

/** Everything a UI would show by default: CommBox user 558355, a stream page, and CometChat's first page. */
const snapshot = (mocks: MockServers) =>
  Promise.all([
    call(mocks.commbox.url, 'commbox', 'GET', '/v2/users/identities/{USER_IDENTITY_ID}/objects', { params: { USER_IDENTITY_ID: '558355' } }),
    call(mocks.commbox.url, 'commbox', 'GET', '/streams/{STREAM_ID}/objects', { params: { STREAM_ID: '345' }, query: `unixStartTime=0&unixEndTime=${NOW / 1000}` }),
    call(mocks.cometchat.url, 'cometchat', 'GET', '/conversations', { query: 'perPage=1000' }),
  ]).then((answers) => answers.map(({ body }) => ({ ...body, response_time: undefined })));

describe('--dynamic with --seed', () => {
  it('serves the same data for the same seed, and other data for another seed', async () => {
    const first = await withMocks({ dynamic: true, seed: 1 }, snapshot);
    const again = await withMocks({ dynamic: true, seed: 1 }, snapshot);
    const other = await withMocks({ dynamic: true, seed: 2 }, snapshot);
    expect(again).toEqual(first);
    expect(other[2].data[0]).not.toEqual(first[2].data[0]);
    expect(other[0].data).not.toEqual(first[0].data);
  }, 90_000);

  it('serves plausible data: small counts, recent dates, human names and texts, totals that add up', async () => {
    await withMocks({ dynamic: true, seed: 7 }, async (mocks) => {
      const [userObjects, , list] = await snapshot(mocks);
      expect(userObjects.data.length).toBeGreaterThanOrEqual(3);
      expect(userObjects.totalUnreadChatMessages).toBe(userObjects.data.reduce((sum: number, object: { unreadMessages: number }) => sum + object.unreadMessages, 0));
      for (const object of userObjects.data) {
        expect(object.unreadMessages).toBeLessThanOrEqual(10);
        expect(`${object.firstName} ${object.lastName}`).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u);
        expect(object.message).toMatch(/^<p>\p{Lu}.{5,}<\/p>$/u);
        const updated = Date.parse(`${object.updatedTime}Z`);
        expect(NOW - updated).toBeLessThan(60 * 86_400_000);
        expect(updated).toBeLessThanOrEqual(NOW);
      }
      expect(list.data.length).toBeGreaterThanOrEqual(200);
      for (const conversation of list.data) {
        expect(Number(conversation.unreadMessageCount)).toBeLessThanOrEqual(10);
        expect(conversation.conversationWith.name).toMatch(/^\p{Lu}[\p{L} -]+$/u);
        expect(conversation.lastMessage.data.text.length).toBeGreaterThan(5);
        expect(NOW / 1000 - conversation.updatedAt).toBeLessThan(120 * 86_400);
      }
      const unread = list.data.filter((conversation: { unreadMessageCount: string }) => conversation.unreadMessageCount !== '0').length;
      expect(unread).toBeGreaterThan(0);
      expect(unread).toBeLessThan(list.data.length / 2); // most conversations are read

      // The inbox over it: no UnreadCountMismatchError, a total that is the sum of what it lists.
      const inbox = createInbox({
        commbox: { client: createCommBoxClient({ token: 't', baseUrl: mocks.commbox.url }), userIdentityId: 558355 },
        cometchat: { client: createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k', baseUrl: mocks.cometchat.url }), uid: 'superhero4' },
      });
      const summary = await inbox.unreadSummary();
      expect(summary.failures).toEqual([]);
      expect(summary.total).toBe(summary.conversations.reduce((sum, conversation) => sum + conversation.unread, 0));
      expect(summary.total).toBeGreaterThan(0);
      expect(summary.total).toBeLessThan(400);
    });
  });

  it('without --dynamic, the default scenario is still the spec examples', async () => {
    await withMocks({ seed: 1 }, async (mocks) => {
      const { body } = await call(mocks.commbox.url, 'commbox', 'GET', '/v2/users/identities/{USER_IDENTITY_ID}/objects', { params: { USER_IDENTITY_ID: '558355' } });
      expect(body.data.map((object: { objectId: number }) => object.objectId)).toEqual([396001]);
    });
  });
});
