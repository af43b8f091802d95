import createClient from 'openapi-fetch';
import { describe, expect, inject, it } from 'vitest';
import type { paths as CommBoxPaths } from '../../src/generated/commbox.js';
import type { paths as CometChatPaths } from '../../src/generated/cometchat.js';
import { loadSpec, resolvePointer } from '../support/spec.js';

const commboxSpec = loadSpec('commbox');
const cometchatSpec = loadSpec('cometchat');
const example = (doc: ReturnType<typeof loadSpec>, pointer: string) => resolvePointer(doc, `${pointer}/value`);
const USER_OBJECTS =
  '#/paths/~1v2~1users~1identities~1{USER_IDENTITY_ID}~1objects/get/responses/200/content/application~1json/examples';
const STREAM_OBJECTS = '#/paths/~1streams~1{STREAM_ID}~1objects/get/responses/200/content/application~1json/examples';
const OBJECT =
  '#/paths/~1streams~1{STREAM_ID}~1objects~1{OBJECT_ID}/get/responses/200/content/application~1json/examples';
const CONVERSATION = '#/paths/~1users~1{uid}~1conversation/get/responses/200/content/application~1json/examples';

describe('CommBox mock through openapi-fetch and the generated types', () => {
  const commbox = createClient<CommBoxPaths>({
    baseUrl: inject('commboxUrl'),
    headers: { Authorization: 'Bearer test-token' },
  });

  it('getUserObjects returns the vendor example with unread counts', async () => {
    const { data, error, response } = await commbox.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', {
      params: { path: { USER_IDENTITY_ID: 558355 } },
    });
    expect(error).toBeUndefined();
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data).toEqual(example(commboxSpec, `${USER_OBJECTS}/success`));
    expect(data?.totalUnreadChatMessages).toBe(2);
    expect(data?.data?.[0]?.unreadMessages).toBe(2);
  });

  it('getStreamObjects returns a page when limited by a time range', async () => {
    const { data, response } = await commbox.GET('/streams/{STREAM_ID}/objects', {
      params: {
        path: { STREAM_ID: '345' },
        query: { unixStartTime: 1726000000, unixEndTime: 1727000000, pageSize: 100 },
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data).toEqual(example(commboxSpec, `${STREAM_OBJECTS}/successResponse`));
  });

  it('getStreamObjects serves the status-post shape on request', async () => {
    const { data } = await commbox.GET('/streams/{STREAM_ID}/objects', {
      params: { path: { STREAM_ID: '345' }, query: { userIdentityId: 37389853 } },
      headers: { Prefer: 'example=statusPost' },
    });
    expect(data?.data?.[0]).toMatchObject({ id: 234, status: 1 });
  });

  it('getObject accepts an encrypted stream id and returns children', async () => {
    const { data, response } = await commbox.GET('/streams/{STREAM_ID}/objects/{OBJECT_ID}', {
      params: { path: { STREAM_ID: 'hNyRN_fLUy7rrOrN9jLpipA==', OBJECT_ID: 293854 }, query: { includeChilds: true } },
    });
    expect(response.status).toBe(200);
    expect(response.url).toContain('/streams/hNyRN_fLUy7rrOrN9jLpipA%3D%3D/objects/293854');
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data).toEqual(example(commboxSpec, `${OBJECT}/withChilds`));
    expect(data?.data?.[0]?.childs).toHaveLength(2);
  });

  it('answers 401 with the vendor envelope without credentials', async () => {
    const bare = createClient<CommBoxPaths>({ baseUrl: inject('commboxUrl') });
    const { data, error, response } = await bare.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', {
      params: { path: { USER_IDENTITY_ID: 558355 } },
    });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    expect(error).toMatchObject({ status: 401, description: 'Unauthorized access' });
  });

  it('answers 400 for a malformed path parameter', async () => {
    const { error, response } = await commbox.GET('/streams/{STREAM_ID}/objects/{OBJECT_ID}', {
      // @ts-expect-error OBJECT_ID is a number
      params: { path: { STREAM_ID: '345', OBJECT_ID: 'abc' } },
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ status: 400 });
  });

  it('answers 400 for a stream query without one of the required limits', async () => {
    for (const query of [{}, { pageSize: 10 }, { unixStartTime: 1 }, { identityStreamProviderId: 'x' }]) {
      const { response } = await commbox.GET('/streams/{STREAM_ID}/objects', {
        params: { path: { STREAM_ID: '345' }, query },
      });
      expect(response.status, JSON.stringify(query)).toBe(400);
    }
    for (const query of [
      { userIdentityId: 5 },
      { streamProviderId: '972505555555', streamProviderType: 5 },
      { identityStreamProviderId: 'a@b.c', identityStreamProviderType: 4 },
    ]) {
      const { response } = await commbox.GET('/streams/{STREAM_ID}/objects', {
        params: { path: { STREAM_ID: '345' }, query },
      });
      expect(response.status, JSON.stringify(query)).toBe(200);
      expect(response.headers.get('sl-violations')).toBeNull();
    }
  });

  it('answers 400 for a page size over the documented 100', async () => {
    const { response } = await commbox.GET('/streams/{STREAM_ID}/objects', {
      params: { path: { STREAM_ID: '345' }, query: { unixStartTime: 1, unixEndTime: 2, pageSize: 500 } },
    });
    expect(response.status).toBe(400);
  });
});

describe('CometChat mock through openapi-fetch and the generated types', () => {
  const cometchat = createClient<CometChatPaths>({ baseUrl: inject('cometchatUrl'), headers: { apikey: 'test-key' } });

  it('getUserConversation returns the vendor example', async () => {
    const { data, response } = await cometchat.GET('/users/{uid}/conversation', {
      params: { path: { uid: 'superhero3' }, header: { onBehalfOf: 'superhero4' } },
      headers: { Prefer: 'example=groupConversation' }, // by default the stateful mock answers with superhero3's conversation
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(data).toEqual(example(cometchatSpec, `${CONVERSATION}/groupConversation`));
  });

  it('getUserConversation serves the documented single-object shape on request', async () => {
    const { data } = await cometchat.GET('/users/{uid}/conversation', {
      params: { path: { uid: 'superhero3' }, header: { onBehalfOf: 'superhero4' } },
      headers: { Prefer: 'example=userConversation' },
    });
    expect(Array.isArray(data?.data)).toBe(false);
    expect(data?.data).toMatchObject({ conversationType: 'user', unreadMessageCount: '3' });
  });

  it('answers 401 without an API key', async () => {
    const bare = createClient<CometChatPaths>({ baseUrl: inject('cometchatUrl') });
    const { error, response } = await bare.GET('/users/{uid}/conversation', {
      params: { path: { uid: 'superhero3' }, header: { onBehalfOf: 'superhero4' } },
    });
    expect(response.status).toBe(401);
    expect(error?.error.code).toBe('AUTH_ERR_APIKEY_NOT_FOUND');
  });

  it('answers 400 without onBehalfOf, and takes any uid (no vendor document states a pattern)', async () => {
    const missing = await cometchat.GET('/users/{uid}/conversation', {
      // @ts-expect-error onBehalfOf is required
      params: { path: { uid: 'superhero3' } },
    });
    expect(missing.response.status).toBe(400);
    expect(missing.error?.error.code).toBe('ERR_BAD_REQUEST');
    const unusual = await cometchat.GET('/users/{uid}/conversation', {
      params: { path: { uid: 'not a uid!' }, header: { onBehalfOf: 'superhero4' } },
    });
    // Accepted (no 400), then looked up: the stateful mock has no conversation with that user.
    expect(unusual.response.status).toBe(404);
    expect(unusual.error?.error.code).toBe('ERR_CONVERSATION_NOT_ACCESSIBLE');
  });

  it('answers 429 with Retry-After and X-Rate-Limit-Reset', async () => {
    const { error, response } = await cometchat.GET('/users/{uid}/conversation', {
      params: { path: { uid: 'superhero3' }, header: { onBehalfOf: 'superhero4' } },
      headers: { Prefer: 'code=429' },
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('x-rate-limit-reset')).toMatch(/^\d+$/);
    expect(error?.error.code).toBe('ERR_TOO_MANY_REQUESTS');
  });
});
