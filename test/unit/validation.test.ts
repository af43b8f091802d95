import { createCommBoxClient, createCometChatClient, type StreamObjectsQuery } from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

const fetch = recordingFetch(() => json({ status: 200, data: [] }));
const commbox = createCommBoxClient({ token: 't', baseUrl: 'http://commbox.test', fetch });
const cometchat = createCometChatClient({ appId: 'app1', region: 'us', apiKey: 'k', fetch });

describe('bad input is refused before any request, naming the parameter', () => {
  it.each([
    ['token missing', () => createCommBoxClient({} as never), TypeError, /"token"/],
    ['token empty', () => createCommBoxClient({ token: '' }), TypeError, /"token"/],
    ['appId missing', () => createCometChatClient({ region: 'us', apiKey: 'k' } as never), TypeError, /"appId"/],
    ['apiKey missing', () => createCometChatClient({ appId: 'a', region: 'us' } as never), TypeError, /"apiKey"/],
    [
      'region outside us/eu/in',
      () => createCometChatClient({ appId: 'a', region: 'asia' as 'us', apiKey: 'k' }),
      RangeError,
      /"region"/,
    ],
    [
      'appId with a dot',
      () => createCometChatClient({ appId: 'evil.com/x', region: 'us', apiKey: 'k' }),
      RangeError,
      /"appId"/,
    ],
    ['negative maxRetries', () => createCommBoxClient({ token: 't', maxRetries: -1 }), RangeError, /"maxRetries"/],
    ['zero timeoutMs', () => createCommBoxClient({ token: 't', timeoutMs: 0 }), RangeError, /"timeoutMs"/],
    ['relative baseUrl', () => createCommBoxClient({ token: 't', baseUrl: 'localhost:4010' }), TypeError, /"baseUrl"/],
    [
      'baseUrl not http',
      () => createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k', baseUrl: 'file:///etc' }),
      TypeError,
      /"baseUrl"/,
    ],
  ])('%s', (_name, create, ErrorClass, message) => {
    expect(create).toThrow(ErrorClass);
    expect(create).toThrow(message);
  });

  const calls: [string, () => Promise<unknown>, ErrorConstructor, RegExp][] = [
    ['userIdentityId 0', () => commbox.getUserObjects(0), RangeError, /"userIdentityId"/],
    ['userIdentityId -5', () => commbox.getUserObjects(-5), RangeError, /"userIdentityId"/],
    ['userIdentityId 1.5', () => commbox.getUserObjects(1.5), RangeError, /"userIdentityId"/],
    ['userIdentityId unsafe', () => commbox.getUserObjects(2 ** 53), RangeError, /"userIdentityId"/],
    ['userIdentityId text', () => commbox.getUserObjects('abc' as never), TypeError, /"userIdentityId"/],
    ['objectId 0', () => commbox.getObject(345, 0), RangeError, /"objectId"/],
    ['streamId empty', () => commbox.getObject('', 1), TypeError, /"streamId"/],
    ['streamId ..', () => commbox.getObject('..', 1), RangeError, /"streamId"/],
    ['streamId %2e%2e', () => commbox.getObject('%2e%2E', 1), RangeError, /"streamId"/],
    ['streamId 0', () => commbox.getObject(0, 1), RangeError, /"streamId"/],
    // @ts-expect-error no complete limit: refused by the type, and checked at run time too
    ['query without a limit', () => commbox.getStreamObjects(345, { pageSize: 10 }), TypeError, /needs one limit/],
    ['query missing', () => commbox.getStreamObjects(345, undefined as never), TypeError, /"query"/],
    [
      'unixStartTime alone',
      // @ts-expect-error no complete limit: refused by the type, and checked at run time too
      () => commbox.getStreamObjects(345, { unixStartTime: 1 }),
      TypeError,
      /"unixStartTime" must be sent with "unixEndTime"/,
    ],
    [
      'unixEndTime alone',
      // @ts-expect-error no complete limit: refused by the type, and checked at run time too
      () => commbox.getStreamObjects(345, { unixEndTime: 1 }),
      TypeError,
      /"unixEndTime" must be sent with "unixStartTime"/,
    ],
    [
      'identity id alone',
      // @ts-expect-error no complete limit: refused by the type, and checked at run time too
      () => commbox.getStreamObjects(345, { identityStreamProviderId: 'x' }),
      TypeError,
      /"identityStreamProviderType"/,
    ],
    [
      'start after end',
      () => commbox.getStreamObjects(345, { unixStartTime: 10, unixEndTime: 5 }),
      RangeError,
      /"unixStartTime"/,
    ],
    [
      'invalid Date',
      () => commbox.getStreamObjects(345, { unixStartTime: new Date('x'), unixEndTime: new Date() }),
      RangeError,
      /"unixStartTime"/,
    ],
    [
      'pageSize 101',
      () => commbox.getStreamObjects(345, { userIdentityId: 1, pageSize: 101 }),
      RangeError,
      /"pageSize"/,
    ],
    ['pageSize 0', () => commbox.getStreamObjects(345, { userIdentityId: 1, pageSize: 0 }), RangeError, /"pageSize"/],
    [
      'pageNumber -1',
      () => commbox.getStreamObjects(345, { userIdentityId: 1, pageNumber: -1 }),
      RangeError,
      /"pageNumber"/,
    ],
    [
      'status codes',
      () => commbox.getStreamObjects(345, { userIdentityId: 1, status: ['open'] as never }),
      TypeError,
      /"status"/,
    ],
    ['sort', () => commbox.getStreamObjects(345, { userIdentityId: 1, sort: 'up' as never }), RangeError, /"sort"/],
    [
      'unknown key',
      () => commbox.getStreamObjects(345, { userIdentityId: 1, pagesize: 5 } as StreamObjectsQuery),
      TypeError,
      /"pagesize"/,
    ],
    [
      'includeChilds text',
      () => commbox.getObject(345, 1, { includeChilds: 'yes' as never }),
      TypeError,
      /"includeChilds"/,
    ],
    ['uid empty', () => cometchat.getUserConversation('', { onBehalfOf: 'me' }), TypeError, /"uid"/],
    ['uid ..', () => cometchat.getUserConversation('..', { onBehalfOf: 'me' }), RangeError, /"uid"/],
    ['uid not a string', () => cometchat.getUserConversation(42 as never, { onBehalfOf: 'me' }), TypeError, /"uid"/],
    ['uid lone surrogate', () => cometchat.getUserConversation('a\uD800', { onBehalfOf: 'me' }), TypeError, /"uid"/],
    ['onBehalfOf missing', () => cometchat.getUserConversation('superhero3'), TypeError, /"onBehalfOf"/],
    ['maxRetries per call', () => commbox.getUserObjects(1, { maxRetries: 1.5 }), RangeError, /"maxRetries"/],
  ];

  it.each(calls)('%s', async (_name, call, ErrorClass, message) => {
    const before = fetch.requests.length;
    const error = await call().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).message).toMatch(message);
    expect(fetch.requests.length).toBe(before);
  });
});
