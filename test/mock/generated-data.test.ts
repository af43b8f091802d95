import { createCommBoxClient, createCometChatClient, createInbox } from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { statefulMock, type StatefulMock, type StatefulMockOptions } from '../support/stateful-mock.js';
import { AUTH, expectValid } from './support/mock-client.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const BASE = { commbox: 'http://commbox.mock', cometchat: 'http://cometchat.mock' } as const;

/** The mock's generators and routes in process (what `startMockServers` serves, without Prism or a port). */
const withMocks = <T>(options: StatefulMockOptions, use: (mocks: StatefulMock) => Promise<T>): Promise<T> =>
  use(statefulMock({ clock: () => NOW, ...options }));

/** Reads one operation of the mock, as `call` does over HTTP, and checks the answer against the spec. */
async function read(
  mocks: StatefulMock,
  api: 'commbox' | 'cometchat',
  template: string,
  { params = {}, query = '' }: { params?: Record<string, string>; query?: string } = {},
) {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const response = await mocks[api](`${BASE[api]}${path}${query ? `?${query}` : ''}`, { headers: AUTH[api] });

  const body: any = await response.json();
  expectValid(api, 'GET', template, response.status, body);
  return { status: response.status, body };
}

/** Everything a UI would show by default: CommBox user 558355, a stream page, and CometChat's first page. */
const snapshot = (mocks: StatefulMock) =>
  Promise.all([
    read(mocks, 'commbox', '/v2/users/identities/{USER_IDENTITY_ID}/objects', {
      params: { USER_IDENTITY_ID: '558355' },
    }),
    read(mocks, 'commbox', '/streams/{STREAM_ID}/objects', {
      params: { STREAM_ID: '345' },
      query: `unixStartTime=0&unixEndTime=${NOW / 1000}`,
    }),
    read(mocks, 'cometchat', '/conversations', { query: 'perPage=1000' }),
  ]).then((answers) => answers.map(({ body }) => ({ ...body, response_time: undefined })));

describe('--dynamic with --seed', () => {
  it('serves the same data for the same seed, and other data for another seed', async () => {
    const first = await withMocks({ dynamic: true, seed: 1 }, snapshot);
    const again = await withMocks({ dynamic: true, seed: 1 }, snapshot);
    const other = await withMocks({ dynamic: true, seed: 2 }, snapshot);
    expect(again).toEqual(first);
    expect(other[2].data[0]).not.toEqual(first[2].data[0]);
    expect(other[0].data).not.toEqual(first[0].data);
  });

  it('serves plausible data: small counts, recent dates, human names and texts, totals that add up', async () => {
    await withMocks({ dynamic: true, seed: 7 }, async (mocks) => {
      const [userObjects, , list] = await snapshot(mocks);
      expect(userObjects.data.length).toBeGreaterThanOrEqual(3);
      expect(userObjects.totalUnreadChatMessages).toBe(
        userObjects.data.reduce((sum: number, object: { unreadMessages: number }) => sum + object.unreadMessages, 0),
      );
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
      const unread = list.data.filter(
        (conversation: { unreadMessageCount: string }) => conversation.unreadMessageCount !== '0',
      ).length;
      expect(unread).toBeGreaterThan(0);
      expect(unread).toBeLessThan(list.data.length / 2); // most conversations are read

      // The inbox over it: no UnreadCountMismatchError, a total that is the sum of what it lists.
      const inbox = createInbox({
        commbox: {
          client: createCommBoxClient({ token: 't', baseUrl: BASE.commbox, fetch: mocks.commbox }),
          userIdentityId: 558355,
        },
        cometchat: {
          client: createCometChatClient({
            appId: 'a',
            region: 'us',
            apiKey: 'k',
            baseUrl: BASE.cometchat,
            fetch: mocks.cometchat,
          }),
          uid: 'superhero4',
        },
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
      const { body } = await read(mocks, 'commbox', '/v2/users/identities/{USER_IDENTITY_ID}/objects', {
        params: { USER_IDENTITY_ID: '558355' },
      });
      expect(body.data.map((object: { objectId: number }) => object.objectId)).toEqual([396001]);
    });
  });
});
