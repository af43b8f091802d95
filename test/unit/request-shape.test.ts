import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

const ok = () => json({ status: 200, data: [] });

describe('what reaches the server', () => {
  it('CommBox: default server, bearer token, query conveniences', async () => {
    const fetch = recordingFetch(ok);
    const commbox = createCommBoxClient({ token: 'tok', fetch, headers: { 'x-trace': '1' } });
    await commbox.getStreamObjects(19155, {
      unixStartTime: new Date('2024-09-17T00:00:00Z'),
      unixEndTime: 1726617600,
      status: [1, 8],
      includeChilds: false,
      pageSize: 100,
    });
    const request = fetch.requests[0]!;
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('https://api.commbox.io/streams/19155/objects');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      unixStartTime: '1726531200',
      unixEndTime: '1726617600',
      status: '1,8',
      includeChilds: 'false',
      pageSize: '100',
    });
    expect(request.headers.get('authorization')).toBe('Bearer tok');
    expect(request.headers.get('x-trace')).toBe('1');
  });

  it('CommBox: status as a comma string is passed on', async () => {
    const fetch = recordingFetch(ok);
    await createCommBoxClient({ token: 't', fetch }).getStreamObjects(1, {
      streamProviderId: '972505555555',
      streamProviderType: 5,
      status: '1, 8',
    });
    expect(new URL(fetch.requests[0]!.url).searchParams.get('status')).toBe('1,8');
  });

  it.each([
    ['hNyRN_fLUy7rrOrN9jLpipA%3d%3d', '/streams/hNyRN_fLUy7rrOrN9jLpipA%3d%3d/objects/7'],
    ['hNyRN_fLUy7rrOrN9jLpipA==', '/streams/hNyRN_fLUy7rrOrN9jLpipA%3D%3D/objects/7'],
    ['a/b?c#d', '/streams/a%2Fb%3Fc%23d/objects/7'],
    ['50%', '/streams/50%25/objects/7'],
    ['532', '/streams/532/objects/7'],
  ])('CommBox: stream id %j becomes one path segment', async (streamId, path) => {
    const fetch = recordingFetch(ok);
    await createCommBoxClient({ token: 't', baseUrl: 'http://commbox.test', fetch }).getObject(streamId, 7);
    expect(fetch.requests[0]!.url).toBe(`http://commbox.test${path}`);
  });

  it.each([
    ['superhero3', '/v3/users/superhero3/conversation'],
    ['a/b?c#d', '/v3/users/a%2Fb%3Fc%23d/conversation'],
    ['../x', '/v3/users/..%2Fx/conversation'],
    ['ünï code', '/v3/users/%C3%BCn%C3%AF%20code/conversation'],
  ])('CometChat: uid %j becomes one path segment', async (uid, path) => {
    const fetch = recordingFetch(() => json({ data: { conversationId: 'c', conversationType: 'user' } }));
    const cometchat = createCometChatClient({
      appId: 'abc123',
      region: 'eu',
      apiKey: 'key',
      onBehalfOf: 'superhero4',
      fetch,
    });
    await cometchat.getUserConversation(uid);
    const request = fetch.requests[0]!;
    expect(request.url).toBe(`https://abc123.api-eu.cometchat.io${path}`);
    expect(request.headers.get('apikey')).toBe('key');
    expect(request.headers.get('onBehalfOf')).toBe('superhero4');
  });
});
