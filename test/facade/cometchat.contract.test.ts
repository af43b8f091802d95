import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  createCometChatClient,
  NotFoundError,
  RateLimitError,
  ServerError,
  type CometChatConversation,
} from 'conversations-client';
import { describe, expect, inject, it } from 'vitest';

const client = (onBehalfOf: string | null = 'superhero4') =>
  createCometChatClient({
    appId: 'app1',
    region: 'eu',
    apiKey: 'test-key',
    baseUrl: inject('cometchatUrl'),
    ...(onBehalfOf ? { onBehalfOf } : {}),
    retry: { initialDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 100 },
  });

describe('CometChat facade against the Prism mock', () => {
  it('getGroupConversation resolves to a group conversation with its unread count', async () => {
    const body = await client().getGroupConversation('project-group');
    const conversations: CometChatConversation[] = Array.isArray(body.data) ? body.data : [body.data];
    expect(conversations[0]).toMatchObject({ conversationType: 'group' });
    expect(conversations[0]!.unreadMessageCount).toBeDefined();
  });

  it("listConversations with tags and withUserAndGroupTags passes the mock's request validation", async () => {
    const page = await client().listConversations({ tags: ['vip', 'gold'], withUserAndGroupTags: true });
    expect(Array.isArray(page.data)).toBe(true);
  });

  it("markConversationRead with a numeric messageId passes the mock's request validation", async () => {
    await expect(client().markConversationRead({ uid: 'superhero3', messageId: 57 })).resolves.toBeDefined();
  });

  it('getUserConversation resolves to the vendor example (data as an array)', async () => {
    const body = await client().getUserConversation('superhero3', { headers: { Prefer: 'example=groupConversation' } });
    const conversations: CometChatConversation[] = Array.isArray(body.data) ? body.data : [body.data];
    expect(conversations).toHaveLength(1);
    expect(conversations[0]).toMatchObject({
      conversationId: 'group_project-group',
      conversationType: 'group',
      unreadMessageCount: '0',
    });
  });

  it('getUserConversation serves the documented single-object shape', async () => {
    const body = await client().getUserConversation('superhero3', { headers: { Prefer: 'example=userConversation' } });
    expect(body.data).toMatchObject({
      conversationType: 'user',
      unreadMessageCount: '3',
      conversationWith: { uid: 'superhero3' },
    });
  });

  it("the call's onBehalfOf wins over the client's", async () => {
    // The requests reach the Prism mock; the header each one carried is recorded on the way.
    const sent: Array<string | null> = [];
    const recording: typeof fetch = (input, init) => {
      const request = new Request(input, init);
      sent.push(request.headers.get('onBehalfOf'));
      return fetch(request);
    };
    const asSuperhero5 = createCometChatClient({
      appId: 'app1',
      region: 'eu',
      apiKey: 'test-key',
      baseUrl: inject('cometchatUrl'),
      onBehalfOf: 'superhero5',
      fetch: recording,
    });
    const body = await asSuperhero5.getUserConversation('superhero3', { onBehalfOf: 'superhero4' });
    expect(body.data).toMatchObject({ conversationType: 'user' });
    // The mock honours onBehalfOf: superhero5 is not part of superhero3's conversation with superhero4.
    await expect(asSuperhero5.getUserConversation('superhero3')).rejects.toThrow(NotFoundError);
    expect(sent).toEqual(['superhero4', 'superhero5']);

    const withoutClientUser = client(null);
    await expect(
      withoutClientUser.getUserConversation('superhero3', { onBehalfOf: 'superhero4' }),
    ).resolves.toMatchObject({ data: expect.anything() });
    await expect(withoutClientUser.getUserConversation('superhero3')).rejects.toThrow(TypeError);
  });

  it.each([
    [400, BadRequestError, 'ERR_BAD_REQUEST'],
    [401, AuthenticationError, 'AUTH_ERR_APIKEY_NOT_FOUND'],
    [404, NotFoundError, 'ERR_UID_NOT_FOUND'],
    [429, RateLimitError, 'ERR_TOO_MANY_REQUESTS'],
    [500, ServerError, 'ERR_INTERNAL_SERVER_ERROR'],
  ] as const)('HTTP %i rejects with %o and the CometChat code', async (status, ErrorClass, code) => {
    const error = await client()
      .getUserConversation('superhero3', { headers: { Prefer: `code=${status}` }, maxRetries: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ provider: 'cometchat', status, code, body: { error: { code } } });
  });

  it('ERR_CONVERSATION_NOT_ACCESSIBLE is a NotFoundError', async () => {
    const error = await client()
      .getUserConversation('superhero3', { headers: { Prefer: 'code=404, example=conversationNotAccessible' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('ERR_CONVERSATION_NOT_ACCESSIBLE');
  });

  it('a 429 asking for longer than maxRetryAfterMs is thrown at once with retryAfterMs', async () => {
    let attempts = 0;
    const cometchat = createCometChatClient({
      appId: 'app1',
      region: 'us',
      apiKey: 'test-key',
      onBehalfOf: 'superhero4',
      baseUrl: inject('cometchatUrl'),
      retry: { maxRetryAfterMs: 1000 },
      fetch: (input, init) => {
        attempts++;
        return fetch(input, init);
      },
    });
    const error = await cometchat
      .getUserConversation('superhero3', { headers: { Prefer: 'code=429' } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(5000);
    expect(attempts).toBe(1);
  });

  // No vendor document limits uid characters, so the mock accepts any; an unencoded '/', '?' or '#'
  // would leave /users/{uid}/conversation and miss the route (404).
  it('a hostile uid reaches the mock as one segment: the route still matches', async () => {
    // The stateful mock looks the uid up: its 404 names the whole uid, decoded, as one segment.
    const error = await client()
      .getUserConversation('a/b?c#d', { maxRetries: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('ERR_CONVERSATION_NOT_ACCESSIBLE');
    expect(JSON.stringify((error as NotFoundError).body)).toContain('a/b?c#d_user_superhero4');
  });
});
