import { createCommBoxClient, createCometChatClient, createInbox, htmlToText } from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY_POLICY, retryAfterMs } from '../../src/core/retry-policy.js';
import { cometChatRateLimitWait } from '../../src/vendors/cometchat/rate-limit.js';
import { json, recordingFetch } from '../support/fake-fetch.js';

const fetch = recordingFetch(() => json({ data: { conversationId: 'c', conversationType: 'user' } }));
const cometchat = (extra: Partial<Parameters<typeof createCometChatClient>[0]> = {}) =>
  createCometChatClient({ appId: 'app1', region: 'us', apiKey: 'k', baseUrl: 'http://cc.test', fetch, ...extra });

describe('time-like options are integers from 1 to 2³¹−1 ms (a timer holds no more)', () => {
  it.each([
    ['timeoutMs', { timeoutMs: 2 ** 31 }],
    ['retry.maxRetryAfterMs', { retry: { maxRetryAfterMs: 2 ** 31 } }],
    ['retry.initialDelayMs', { retry: { initialDelayMs: 0 } }],
    ['retry.maxDelayMs', { retry: { maxDelayMs: Number.POSITIVE_INFINITY } }],
    ['maxResponseBytes', { maxResponseBytes: 0 }],
  ])('%s out of range is a RangeError naming it', (name, options) => {
    const create = () => createCommBoxClient({ token: 't', ...options });
    expect(create).toThrow(RangeError);
    expect(create).toThrow(`"${name}"`);
  });

  it('a call timeoutMs of 2³¹ is refused before any request', async () => {
    const before = fetch.requests.length;
    await expect(cometchat().getUserConversation('x', { onBehalfOf: 'me', timeoutMs: 2 ** 31 })).rejects.toThrow(
      /"timeoutMs"/,
    );
    expect(fetch.requests.length).toBe(before);
  });

  it('watch refuses intervalMs of 2³¹ at once, as a throw (not a rejection that would kill the process)', () => {
    const inbox = createInbox({ cometchat: { client: cometchat(), uid: 'me' } });
    expect(() => inbox.watch({ intervalMs: 2 ** 31 }, () => undefined)).toThrow(RangeError);
    expect(() => inbox.watch({ intervalMs: 0 }, () => undefined)).toThrow(/"intervalMs"/);
  });
});

describe('header values are checked before any request, naming the parameter', () => {
  it.each(['a\r\nX-Evil: 1', 'a\nb', 'a\0b', 'zoé', 'emoji😀', ' padded '])('onBehalfOf %j', async (value) => {
    const before = fetch.requests.length;
    expect(() => cometchat({ onBehalfOf: value })).toThrow(/"onBehalfOf"/);
    await expect(cometchat().getUserConversation('x', { onBehalfOf: value })).rejects.toThrow(TypeError);
    await expect(cometchat().getUserConversation('x', { onBehalfOf: value })).rejects.toThrow(/"onBehalfOf"/);
    expect(fetch.requests.length).toBe(before);
  });

  it.each(['tok\r\nen', 'tok\u0100en', 'tok\0'])('a token or API key %j is refused without showing it', (secret) => {
    expect(() => createCommBoxClient({ token: secret })).toThrow(/"token"/);
    expect(() => createCometChatClient({ appId: 'a', region: 'us', apiKey: secret })).toThrow(/"apiKey"/);
    try {
      createCommBoxClient({ token: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('extra headers are checked by name and value', () => {
    expect(() => createCommBoxClient({ token: 't', headers: { 'X-Trace': 'a\nb' } })).toThrow(/"headers.X-Trace"/);
    expect(() => createCommBoxClient({ token: 't', headers: { 'Bad Name': 'x' } })).toThrow(/"headers"/);
  });
});

describe('baseUrl', () => {
  it.each([
    ['http://127.0.0.1:4010?', TypeError, /query or a fragment/],
    ['http://127.0.0.1:4010/#x', TypeError, /query or a fragment/],
    ['http://127.0.0.1:4010/v3?x=1', TypeError, /query or a fragment/],
    ['ftp://127.0.0.1', TypeError, /absolute http/],
    ['not a url', TypeError, /absolute http/],
    ['http://api.commbox.io', RangeError, /https/],
  ])('%s is refused', (baseUrl, kind, message) => {
    const create = () => createCommBoxClient({ token: 't', baseUrl });
    expect(create).toThrow(kind);
    expect(create).toThrow(message);
  });

  it('plain http to a CometChat production host is refused; https and loopback http are fine', () => {
    expect(() => cometchat({ baseUrl: 'http://app1.api-us.cometchat.io/v3' })).toThrow(RangeError);
    expect(() => cometchat({ baseUrl: 'https://app1.api-us.cometchat.io/v3' })).not.toThrow();
    expect(() => cometchat({ baseUrl: 'http://127.0.0.1:4011/' })).not.toThrow();
  });
});

describe('Retry-After', () => {
  const headers = (value: string) => new Headers({ 'retry-after': value });
  const now = Date.parse('2026-11-22T10:00:00Z');

  it.each(['-1', '1 2', '3, 4', '1.5', 'soon', '0', 'Sat, 22 Nov 2025 10:00:00 GMT', ''])(
    '%j is no usable wait (the backoff applies)',
    (value) => {
      expect(retryAfterMs(headers(value), now)).toBeUndefined();
    },
  );

  it('takes delta-seconds and an IMF-fixdate', () => {
    expect(retryAfterMs(headers('30'), now)).toBe(30_000);
    expect(retryAfterMs(headers('Sun, 22 Nov 2026 10:00:05 GMT'), now)).toBe(5_000);
  });

  it("reads a vendor's reset header only through that vendor's reader, after Retry-After", () => {
    const reset = new Headers({ 'x-rate-limit-reset': String(now / 1000 + 7) });
    expect(retryAfterMs(reset, now)).toBeUndefined();
    expect(retryAfterMs(reset, now, cometChatRateLimitWait)).toBe(7_000);
    reset.set('retry-after', '2');
    expect(retryAfterMs(reset, now, cometChatRateLimitWait)).toBe(2_000);
    expect(retryAfterMs(new Headers({ 'x-rate-limit-reset': 'soon' }), now, cometChatRateLimitWait)).toBeUndefined();
    expect(
      retryAfterMs(new Headers({ 'x-rate-limit-reset': String(now / 1000 - 1) }), now, cometChatRateLimitWait),
    ).toBeUndefined();
  });

  it('the backoff is jittered and never zero', () => {
    expect(backoffMs(1, DEFAULT_RETRY_POLICY, () => 0)).toBe(250);
    expect(backoffMs(1, DEFAULT_RETRY_POLICY, () => 0.999)).toBeLessThanOrEqual(500);
    expect(backoffMs(1, { ...DEFAULT_RETRY_POLICY, initialDelayMs: 1, maxDelayMs: 1 }, () => 0)).toBe(1);
  });
});

describe('htmlToText on hostile customer text', () => {
  it.each([
    ['<', '<'.repeat(200_000)],
    ['<a', '<a'.repeat(100_000)],
    ['<script>', '<script>'.repeat(25_000)],
    ['<b>x</b>', '<b>x</b>'.repeat(25_000)],
  ])('200 kB of %j completes (a quadratic pass took over 20 s)', (_name, input) => {
    expect(typeof htmlToText(input)).toBe('string');
  });

  it('decodes entities from its table only', () => {
    expect(htmlToText('&constructor; &__proto__; &toString; &amp;')).toBe('&constructor; &__proto__; &toString; &');
  });
});

describe('a custom fetch', () => {
  const body = JSON.stringify({ status: 200, data: [{ objectId: 1 }] });
  const response = () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

  it.each([
    ['a promise', () => Promise.resolve(response())],
    ['a plain Response (not a promise)', () => response()],
    ['a foreign thenable', () => ({ then: (resolve: (value: Response) => void) => resolve(response()) })],
  ])('may hand back %s', async (_, answer) => {
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: 'http://cb.test',
      fetch: answer as unknown as typeof globalThis.fetch,
    });
    await expect(commbox.getUserObjects(1)).resolves.toMatchObject({ data: [{ objectId: 1 }], mayBeTruncated: false });
  });
});
