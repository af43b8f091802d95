import { createCommBoxClient, createCometChatClient, createInbox, NotFoundError } from 'conversations-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESET_PATH, startMockServers, type MockServers } from '../../src/mock/index.js';
import { AUTH, call } from './support/mock-client.js';

const START = Date.parse('2026-11-22T10:00:00Z');
let now = START;
let mocks: MockServers;
beforeAll(async () => {
  mocks = await startMockServers({ clock: () => now });
}, 180_000); // starting Prism: seconds alone, far more on a loaded machine
afterAll(() => mocks.close());

const ONE_USER = '/users/{uid}/conversation';
const LIST = '/conversations';
const MARK_USER = '/users/{uid}/conversation/read';
const MARK_GROUP = '/groups/{guid}/conversation/read';
const scenario = (name: string) => ({ Prefer: `example=${name}` });

function inbox(headers: Record<string, string> = {}) {
  return createInbox({
    commbox: {
      client: createCommBoxClient({ token: 't', baseUrl: mocks.commbox.url, headers, maxRetries: 0 }),
      userIdentityId: 558355,
    },
    cometchat: {
      client: createCometChatClient({
        appId: 'a',
        region: 'us',
        apiKey: AUTH.cometchat.apikey,
        baseUrl: mocks.cometchat.url,
        headers,
        maxRetries: 0,
      }),
      uid: 'superhero4',
    },
  });
}

describe('mark-read', () => {
  it('sets the unread count to 0 in every later response that shows it, and the total drops', async () => {
    const before = await inbox(scenario('inbox')).unreadSummary();
    expect(before.byProvider.cometchat).toBe(5);
    const marked = await call(mocks.cometchat.url, 'cometchat', 'POST', MARK_USER, {
      params: { uid: 'superhero3' },
      headers: scenario('inbox'),
    });
    expect(marked.body.data.success).toBe(true);

    const one = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero3' },
      headers: scenario('inbox'),
    });
    expect(one.body.data).toMatchObject({ conversationId: 'superhero3_user_superhero4', unreadMessageCount: '0' });
    const list = await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, { headers: scenario('inbox') });
    expect(
      list.body.data.find((c: { conversationId: string }) => c.conversationId === 'superhero3_user_superhero4')
        .unreadMessageCount,
    ).toBe('0');
    const unreadOnly = await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, {
      query: 'unread=true',
      headers: scenario('inbox'),
    });
    expect(unreadOnly.body.data.map((c: { conversationId: string }) => c.conversationId)).toEqual([
      'group_project-group',
    ]);
    expect(unreadOnly.body.meta.pagination).toMatchObject({ total: 1, count: 1 });

    const after = await inbox(scenario('inbox')).unreadSummary();
    expect(after.byProvider.cometchat).toBe(2);
    expect(after.total).toBe(before.total - 3);
  });

  it('group conversations too, through the inbox markRead', async () => {
    const reader = inbox(scenario('inbox'));
    const group = (await reader.unreadSummary()).conversations.find((c) => c.id === 'group_project-group')!;
    expect(group.unread).toBe(2);
    await reader.markRead(group);
    expect((await reader.unreadSummary()).conversations.find((c) => c.id === 'group_project-group')?.unread).toBe(0);
    await call(mocks.cometchat.url, 'cometchat', 'POST', MARK_GROUP, {
      params: { guid: 'project-group' },
      headers: scenario('inbox'),
    });
  });

  it('keeps each scenario apart, and the reset request starts over', async () => {
    await call(mocks.cometchat.url, 'cometchat', 'POST', MARK_USER, {
      params: { uid: 'superhero3' },
      headers: scenario('userConversation'),
    });
    const marked = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero3' },
      headers: scenario('userConversation'),
    });
    expect(marked.body.data.unreadMessageCount).toBe('0');
    // The default scenario was not touched.
    const untouched = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, { params: { uid: 'superhero3' } });
    expect(untouched.body.data.unreadMessageCount).toBe('3');

    const reset = await fetch(`${mocks.cometchat.url}${RESET_PATH}?scenario=userConversation`, { method: 'POST' });
    expect(reset.status).toBe(204);
    const again = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero3' },
      headers: scenario('userConversation'),
    });
    expect(again.body.data.unreadMessageCount).toBe('3');
    // The other scenario is still marked until everything is reset (from either API's port).
    expect((await inbox(scenario('inbox')).unreadSummary()).byProvider.cometchat).toBe(0);
    expect((await fetch(`${mocks.commbox.url}${RESET_PATH}`, { method: 'POST' })).status).toBe(204);
    expect((await inbox(scenario('inbox')).unreadSummary()).byProvider.cometchat).toBe(5);
  });

  it('keeps each API key (each CometChat app) apart, so clients sharing a mock do not see each other', async () => {
    await call(mocks.cometchat.url, 'cometchat', 'POST', MARK_USER, {
      params: { uid: 'superhero3' },
      headers: { ...scenario('inbox'), apikey: 'other-app' },
    });
    const other = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero3' },
      headers: { ...scenario('inbox'), apikey: 'other-app' },
    });
    const mine = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero3' },
      headers: scenario('inbox'),
    });
    expect(other.body.data.unreadMessageCount).toBe('0');
    expect(mine.body.data.unreadMessageCount).toBe('3');
  });

  it("honours onBehalfOf in the default scenario: another user never gets the examples' user's conversations", async () => {
    const list = (onBehalfOf?: string) =>
      call(mocks.cometchat.url, 'cometchat', 'GET', LIST, { headers: onBehalfOf === undefined ? {} : { onBehalfOf } });
    const owner = (await list('superhero4')).body.data.map(
      (conversation: { conversationId: string }) => conversation.conversationId,
    );
    expect(owner).toContain('superhero3_user_superhero4');
    expect((await list('superhero5')).body.data).toEqual([]);
    const other = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero3' },
      headers: { onBehalfOf: 'superhero5' },
    });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('ERR_CONVERSATION_NOT_ACCESSIBLE');
    // Through the client: superhero5's inbox is empty, superhero4's is not.
    const client = (uid: string) =>
      createCometChatClient({
        appId: 'a',
        region: 'us',
        apiKey: 'obo-test',
        onBehalfOf: uid,
        baseUrl: mocks.cometchat.url,
        maxRetries: 0,
      });
    expect((await client('superhero5').listConversations()).data).toEqual([]);
    expect((await client('superhero4').listConversations()).data?.length).toBeGreaterThan(0);
  });

  it('resets on restart: a new mock process starts from the examples', async () => {
    await call(mocks.cometchat.url, 'cometchat', 'POST', MARK_USER, { params: { uid: 'superhero3' } });
    const fresh = await startMockServers();
    try {
      const body = await call(fresh.cometchat.url, 'cometchat', 'GET', ONE_USER, { params: { uid: 'superhero3' } });
      expect(body.body.data.unreadMessageCount).toBe('3');
    } finally {
      await fresh.close();
    }
    mocks.reset();
  }, 60_000);
});

describe('reads answer from the data set', () => {
  it('GET /users/{uid}/conversation returns the conversation with that user', async () => {
    for (const uid of ['superhero2', 'superhero3']) {
      const { body } = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, { params: { uid } });
      expect(body.data.conversationWith.uid).toBe(uid);
      expect(body.data.conversationId).toBe(`${uid}_user_superhero4`);
    }
  });

  it('a user with no conversation is a 404 ERR_CONVERSATION_NOT_ACCESSIBLE, as CometChat answers', async () => {
    const { status, body } = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero99' },
    });
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      code: 'ERR_CONVERSATION_NOT_ACCESSIBLE',
      message: expect.stringContaining('superhero4_user_superhero99'),
    });
    const client = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: AUTH.cometchat.apikey,
      baseUrl: mocks.cometchat.url,
      onBehalfOf: 'superhero4',
    });
    await expect(client.getUserConversation('superhero99')).rejects.toBeInstanceOf(NotFoundError);
  });

  it("an operation's own example, asked for by name, still comes back as the vendor wrote it", async () => {
    const { body } = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: 'superhero3' },
      headers: scenario('groupConversation'),
    });
    expect(body.data).toEqual([expect.objectContaining({ conversationId: 'group_project-group' })]);
  });

  it('each generated user sees their own conversations, and reads find them', async () => {
    const mine = await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, {
      query: 'perPage=5',
      headers: scenario('many'),
    });
    const theirs = await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, {
      query: 'perPage=5',
      headers: { ...scenario('many'), onBehalfOf: 'someone-else' },
    });
    expect(mine.body.data[0].conversationId).not.toBe(theirs.body.data[0].conversationId);
    const withUser = mine.body.data.find((c: { conversationType: string }) => c.conversationType === 'user');
    const one = await call(mocks.cometchat.url, 'cometchat', 'GET', ONE_USER, {
      params: { uid: withUser.conversationWith.uid },
      headers: scenario('many'),
    });
    expect(one.body.data).toEqual(withUser);
  });
});

describe('paging over a few hundred conversations', () => {
  it('CometChat page/perPage: every conversation once, with a meta.pagination that adds up', async () => {
    const seen: string[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const { body } = await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, {
        query: `page=${page}&perPage=37`,
        headers: scenario('many'),
      });
      const pagination = body.meta.pagination;
      total = pagination.total;
      expect(pagination).toMatchObject({
        per_page: 37,
        current_page: page,
        count: body.data.length,
        total_pages: Math.ceil(total / 37),
      });
      seen.push(...body.data.map((c: { conversationId: string }) => c.conversationId));
      if (page >= pagination.total_pages) break;
    }
    expect(total).toBeGreaterThanOrEqual(200);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    // The facade's walk agrees.
    const client = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: AUTH.cometchat.apikey,
      baseUrl: mocks.cometchat.url,
      onBehalfOf: 'superhero4',
      headers: scenario('many'),
    });
    const walked: string[] = [];
    for await (const conversation of client.conversations({ perPage: 100 })) walked.push(conversation.conversationId);
    expect(walked.sort()).toEqual([...seen].sort());
  });

  it('CommBox pageNumber/pageSize: pages until a short page, every object once', async () => {
    const seen: number[] = [];
    const sizes: number[] = [];
    for (let pageNumber = 0; pageNumber < 50; pageNumber++) {
      const { body } = await call(mocks.commbox.url, 'commbox', 'GET', '/streams/{STREAM_ID}/objects', {
        params: { STREAM_ID: '19155' },
        query: `unixStartTime=0&unixEndTime=${Math.floor(now / 1000)}&pageNumber=${pageNumber}&pageSize=40`,
        headers: scenario('many'),
      });
      sizes.push(body.data.length);
      seen.push(
        ...body.data.map(
          (object: { objectId: number; streamId: number }) => (expect(object.streamId).toBe(19155), object.objectId),
        ),
      );
      if (body.data.length < 40) break;
    }
    expect(seen.length).toBeGreaterThan(40);
    expect(new Set(seen).size).toBe(seen.length);
    expect(sizes.at(-1)).toBeLessThan(40);
    expect(sizes.slice(0, -1).every((size) => size === 40)).toBe(true);
  });

  it("CommBox's examples page too: the example's items, then an empty page", async () => {
    const first = await call(mocks.commbox.url, 'commbox', 'GET', '/streams/{STREAM_ID}/objects', {
      params: { STREAM_ID: '19155' },
      query: 'userIdentityId=558355&pageSize=1',
    });
    const second = await call(mocks.commbox.url, 'commbox', 'GET', '/streams/{STREAM_ID}/objects', {
      params: { STREAM_ID: '19155' },
      query: 'userIdentityId=558355&pageSize=1&pageNumber=1',
    });
    expect(first.body.data).toHaveLength(1);
    expect(second.body.data).toEqual([]);
  });

  it('CommBox Get Object finds the object in the data set, with its messages', async () => {
    const { body } = await call(
      mocks.commbox.url,
      'commbox',
      'GET',
      '/v2/users/identities/{USER_IDENTITY_ID}/objects',
      { params: { USER_IDENTITY_ID: '558355' }, headers: scenario('many') },
    );
    const object = body.data[0];
    const found = await call(mocks.commbox.url, 'commbox', 'GET', '/streams/{STREAM_ID}/objects/{OBJECT_ID}', {
      params: { STREAM_ID: String(object.streamId), OBJECT_ID: String(object.objectId) },
      query: 'includeChilds=true',
      headers: scenario('many'),
    });
    expect(found.body.data[0].objectId).toBe(object.objectId);
    expect(found.body.data[0].childs.length).toBeGreaterThanOrEqual(2);
    expect(found.body.data[0].childs[0].message).toBe(object.message);
    const missing = await call(mocks.commbox.url, 'commbox', 'GET', '/streams/{STREAM_ID}/objects/{OBJECT_ID}', {
      params: { STREAM_ID: '19155', OBJECT_ID: '1' },
      headers: scenario('many'),
    });
    expect(missing.status).toBe(404);
  });
});

describe('the live scenario', () => {
  it('grows unread counts over time with plausible new messages, on both APIs (injected clock)', async () => {
    const reader = inbox(scenario('live'));
    const first = await reader.unreadSummary();
    expect(first.failures).toEqual([]);
    now += 10_000;
    const later = await reader.unreadSummary();
    expect(later.failures).toEqual([]); // CommBox's total still agrees with its conversations
    expect(later.byProvider.cometchat).toBeGreaterThan(first.byProvider.cometchat);
    now += 60_000;
    const muchLater = await reader.unreadSummary();
    expect(muchLater.failures).toEqual([]);
    expect(muchLater.byProvider.commbox).toBeGreaterThan(first.byProvider.commbox);
    expect(muchLater.total).toBeGreaterThan(later.total);
    const newest = muchLater.conversations[0]!;
    expect(newest.updatedAt.getTime()).toBeGreaterThan(START);
    expect(newest.updatedAt.getTime()).toBeLessThanOrEqual(now);
    expect(newest.lastMessage?.text).toMatch(/^[A-Z].{5,}/);
    expect(newest.unread).toBeGreaterThan(0);
    // Every response it changed still validates.
    await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, { headers: scenario('live') });
    await call(mocks.commbox.url, 'commbox', 'GET', '/v2/users/identities/{USER_IDENTITY_ID}/objects', {
      params: { USER_IDENTITY_ID: '558355' },
      headers: scenario('live'),
    });
  });

  it('is picked with ?scenario=live as well, and mark-read brings a live count back to 0', async () => {
    const { body } = await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, {
      query: 'scenario=live&unread=true&perPage=1',
    });
    const conversation = body.data[0];
    expect(Number(conversation.unreadMessageCount)).toBeGreaterThan(0);
    const uid = conversation.conversationWith.uid;
    const guid = conversation.conversationWith.guid;
    await call(mocks.cometchat.url, 'cometchat', 'POST', uid ? MARK_USER : MARK_GROUP, {
      params: uid ? { uid } : { guid },
      query: 'scenario=live',
    });
    const after = await call(mocks.cometchat.url, 'cometchat', 'GET', LIST, { query: 'scenario=live&perPage=100' });
    expect(
      after.body.data.find((c: { conversationId: string }) => c.conversationId === conversation.conversationId)
        .unreadMessageCount,
    ).toBe('0');
  });
});

describe('the response check itself', () => {
  it('refuses a body the spec does not allow (so the checks above can fail)', async () => {
    const { expectValid } = await import('./support/mock-client.js');
    expect(() => expectValid('cometchat', 'GET', LIST, 200, { data: [{ conversationType: 'user' }] })).toThrow();
    expect(() =>
      expectValid('commbox', 'GET', '/v2/users/identities/{USER_IDENTITY_ID}/objects', 200, {
        totalUnreadChatMessages: -1,
        data: [],
      }),
    ).toThrow();
  });
});
