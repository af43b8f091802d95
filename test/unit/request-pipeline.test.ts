import { createCometChatClient, createCommBoxClient } from 'conversations-client';
import type { Middleware } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

// One pipeline: openapi-fetch builds every request (facade and raw) and hands it to the retrying
// transport. These check what that pipeline sends, through the real clients.
const conversation = () => json({ data: { conversationId: 'c', conversationType: 'user' } });
const cometchat = (fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) =>
  createCometChatClient({
    appId: 'app1',
    region: 'us',
    apiKey: 'key',
    baseUrl: 'http://cc.test/v3',
    fetch,
    headers: { 'X-Trace': 'client' },
    ...extra,
  });

describe('what the one request pipeline sends', () => {
  it('call headers override client headers; header parameters are sent', async () => {
    const fetch = recordingFetch(conversation);
    await cometchat(fetch).getUserConversation('u1', { onBehalfOf: 'me', headers: { 'x-trace': 'call' } });
    const { headers } = fetch.requests[0]!;
    expect(headers.get('x-trace')).toBe('call');
    expect(headers.get('onbehalfof')).toBe('me');
    expect(headers.get('apikey')).toBe('key');
  });

  it('a JSON body is serialized once, with its content type; a GET has neither', async () => {
    const fetch = recordingFetch(() => json({ data: { success: true } }));
    const client = cometchat(fetch, { onBehalfOf: 'me' });
    await client.markConversationRead({ uid: 'u1', messageId: 42 });
    await client.getUserConversation('u1');
    const [post, get] = fetch.requests;
    expect(post!.method).toBe('POST');
    expect(post!.headers.get('content-type')).toBe('application/json');
    expect(await post!.text()).toBe('{"messageId":42}');
    expect(get!.method).toBe('GET');
    expect(get!.headers.get('content-type')).toBeNull();
    expect(get!.body).toBeNull();
  });

  it('CometChat arrays are comma-joined, the same through the facade and through raw', async () => {
    const fetch = recordingFetch(() =>
      json({ data: [], meta: { pagination: { total: 0, count: 0, per_page: 10, current_page: 1, total_pages: 1 } } }),
    );
    const client = cometchat(fetch, { onBehalfOf: 'me' });
    await client.listConversations({ tags: ['a', 'b,c'], perPage: 10 });
    await client.raw.GET('/conversations', {
      params: { query: { tags: ['a', 'b,c'], perPage: 10 }, header: { onBehalfOf: 'me' } },
    });
    const [facade, raw] = fetch.requests.map((request) => new URL(request.url));
    expect(facade!.searchParams.get('tags')).toBe('a,b,c');
    expect(facade!.search).toBe(raw!.search);
    expect(facade!.pathname).toBe('/v3/conversations');
  });

  it('an already-encoded path value goes in verbatim (encoded once, by the validators)', async () => {
    const fetch = recordingFetch(() => json({ status: 200, data: {} }));
    await createCommBoxClient({ token: 't', baseUrl: 'http://cb.test', fetch }).getObject('a%2Fb', 7);
    expect(fetch.requests[0]!.url).toBe('http://cb.test/streams/a%2Fb/objects/7');
  });

  it('middleware sees the real request and response; a body it replaces is what the call returns', async () => {
    const fetch = recordingFetch(conversation);
    const seen: string[] = [];
    const middleware: Middleware = {
      onRequest: ({ request }) => {
        seen.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get('x-trace')}`);
        return new Request(request, { headers: { ...Object.fromEntries(request.headers), 'x-added': '1' } });
      },
      onResponse: async ({ response }) => {
        seen.push(`${response.status} ${(await response.clone().json()).data.conversationId}`);
        return json({ data: { conversationId: 'replaced', conversationType: 'user' } });
      },
    };
    const result = await cometchat(fetch, { onBehalfOf: 'me', middleware: [middleware] }).getUserConversation('u1');
    expect(seen).toEqual(['GET /v3/users/u1/conversation client', '200 c']);
    expect(fetch.requests[0]!.headers.get('x-added')).toBe('1');
    expect(result.data).toMatchObject({ conversationId: 'replaced' });
  });

  it('a middleware that answers itself skips the network, and its error status becomes the typed error', async () => {
    const fetch = recordingFetch(conversation);
    const middleware: Middleware = {
      onRequest: () => json({ error: { code: 'ERR_FROM_MIDDLEWARE', message: 'no' } }, 404),
    };
    const client = cometchat(fetch, { onBehalfOf: 'me', middleware: [middleware] });
    await expect(client.getUserConversation('u1')).rejects.toMatchObject({
      name: 'NotFoundError',
      status: 404,
      code: 'ERR_FROM_MIDDLEWARE',
    });
    expect(fetch.requests).toHaveLength(0);
  });
});

describe('middleware never sees what the pipeline keeps for itself', () => {
  it('no call state (which lists the secrets) on the Request middleware gets', async () => {
    const fetch = recordingFetch(conversation);
    const keys: string[] = [];
    const middleware: Middleware = { onRequest: ({ request }) => void keys.push(...Object.keys(request)) };
    await cometchat(fetch, { onBehalfOf: 'me', middleware: [middleware] }).getUserConversation('u1');
    expect(keys).not.toContain('facadeCall');
    expect(JSON.stringify(keys)).not.toContain('key');
  });
});
