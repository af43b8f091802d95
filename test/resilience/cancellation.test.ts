import {
  createCommBoxClient,
  createCometChatClient,
  DEFAULT_RETRY_POLICY,
  type AttemptEvent,
  type RetryEvent,
} from 'conversations-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
const hang = (request: Request) =>
  new Promise<Response>((_resolve, reject) =>
    request.signal.addEventListener('abort', () => reject(request.signal.reason)),
  );

describe('cancellation', () => {
  it('an aborted signal rejects at once with its reason, before any request', async () => {
    const fetch = recordingFetch(() => json({}));
    const commbox = createCommBoxClient({ token: 't', baseUrl: 'http://commbox.test', fetch });
    const reason = new Error('user left the page');
    await expect(commbox.getUserObjects(1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fetch.requests).toHaveLength(0);
  });

  it('aborting during a request rejects with the reason and makes no further attempt', async () => {
    const fetch = recordingFetch(hang);
    const commbox = createCommBoxClient({ token: 't', baseUrl: 'http://commbox.test', fetch });
    const controller = new AbortController();
    const call = commbox.getUserObjects(1, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(call).rejects.toThrow('stop');
    expect(fetch.requests).toHaveLength(1);
  });

  it('aborting during a Retry-After wait rejects at once, without sleeping it out', async () => {
    const timersBefore = timeouts();
    const fetch = recordingFetch(() =>
      json({ error: { code: 'ERR_TOO_MANY_REQUESTS' } }, 429, { 'retry-after': '30' }),
    );
    const cometchat = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: 'k',
      onBehalfOf: 'me',
      baseUrl: 'http://cc.test',
      fetch,
    });
    const controller = new AbortController();
    const started = Date.now();
    const call = cometchat.getUserConversation('you', { signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException('cancelled', 'AbortError')), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(fetch.requests).toHaveLength(1);
    expect(timeouts()).toBeLessThanOrEqual(timersBefore);
  });
});

describe('retry policy', () => {
  afterEach(() => vi.useRealTimers());

  it('defaults: 2 retries, 30 s per attempt, 0.5 s backoff capped at 8 s, Retry-After up to 60 s', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxRetries: 2,
      timeoutMs: 30_000,
      initialDelayMs: 500,
      maxDelayMs: 8_000,
      maxRetryAfterMs: 60_000,
    });
  });

  it('honours Retry-After seconds and X-Rate-Limit-Reset over the backoff', async () => {
    // Fake clock on a whole second: the reset is 3 s ahead, 1 s of it spent on the first wait; with the
    // backoff at 1 ms, any longer wait comes from the header.
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 4, 17, 0, 0) });
    const reset = String(Math.floor(Date.now() / 1000) + 3);
    const answers = [
      () => json({}, 429, { 'retry-after': '1' }),
      () => json({}, 503, { 'x-rate-limit-reset': reset }),
      () => json({ data: { conversationId: 'c', conversationType: 'user' } }),
    ];
    const fetch = recordingFetch((_request, index) => answers[index]!());
    const events: RetryEvent[] = [];
    const cometchat = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: 'k',
      onBehalfOf: 'me',
      baseUrl: 'http://cc.test',
      fetch,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
      onRetry: (event) => events.push(event),
    });
    const call = cometchat.getUserConversation('you');
    await vi.runAllTimersAsync();
    await expect(call).resolves.toMatchObject({ data: { conversationId: 'c' } });
    expect(events.map(({ attempt, status }) => ({ attempt, status }))).toEqual([
      { attempt: 1, status: 429 },
      { attempt: 2, status: 503 },
    ]);
    expect(events[0]!.delayMs).toBe(1_000);
    expect(events[1]!.delayMs).toBeGreaterThan(1);
    expect(events[1]!.delayMs).toBeLessThanOrEqual(2_000);
  });

  it('backoff has full jitter under an exponential ceiling', async () => {
    const fetch = recordingFetch(() => Promise.reject(new TypeError('fetch failed')));
    const events: RetryEvent[] = [];
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: 'http://commbox.test',
      fetch,
      maxRetries: 5,
      retry: { initialDelayMs: 4, maxDelayMs: 16 },
      onRetry: (event) => events.push(event),
    });
    await expect(commbox.getUserObjects(1)).rejects.toMatchObject({ name: 'ConnectionError' });
    expect(fetch.requests).toHaveLength(6);
    const ceilings = [4, 8, 16, 16, 16];
    events.forEach((event, index) => {
      expect(event.delayMs).toBeGreaterThanOrEqual(0);
      expect(event.delayMs).toBeLessThanOrEqual(ceilings[index]!);
      expect(event.error?.name).toBe('ConnectionError');
    });
  });

  it('maxRetries 0 disables retries; a call can raise it', async () => {
    const fetch = recordingFetch(() => json({}, 500));
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: 'http://commbox.test',
      fetch,
      maxRetries: 0,
      retry: { maxDelayMs: 1 },
    });
    await expect(commbox.getUserObjects(1)).rejects.toMatchObject({ status: 500 });
    expect(fetch.requests).toHaveLength(1);
    await expect(commbox.getUserObjects(1, { maxRetries: 3 })).rejects.toMatchObject({ status: 500 });
    expect(fetch.requests).toHaveLength(5);
  });

  it.each([400, 401, 403, 404, 422, 501])('never retries %i', async (status) => {
    const fetch = recordingFetch(() => json({}, status));
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: 'http://commbox.test',
      fetch,
      retry: { maxDelayMs: 1 },
    });
    await expect(commbox.getUserObjects(1)).rejects.toMatchObject({ status });
    expect(fetch.requests).toHaveLength(1);
  });

  it.each([408, 429, 500, 502, 503, 504])('retries %i', async (status) => {
    const fetch = recordingFetch(() => json({}, status));
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: 'http://commbox.test',
      fetch,
      retry: { maxDelayMs: 1 },
    });
    await expect(commbox.getUserObjects(1)).rejects.toMatchObject({ status });
    expect(fetch.requests).toHaveLength(3);
  });

  it('the raw client retries too, and each attempt is a fresh Request', async () => {
    const fetch = recordingFetch((_request, index) => (index === 0 ? json({}, 503) : json({ status: 200, data: [] })));
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: 'http://commbox.test',
      fetch,
      retry: { maxDelayMs: 1 },
    });
    const { data, response } = await commbox.raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', {
      params: { path: { USER_IDENTITY_ID: 5 } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ status: 200, data: [] });
    expect(fetch.requests).toHaveLength(2);
    expect(fetch.requests[0]).not.toBe(fetch.requests[1]);
  });

  it('onAttempt sees every attempt, the last one included, with no secret', async () => {
    const fetch = recordingFetch((_request, index) =>
      index === 0 ? Promise.reject(new TypeError('socket hang up')) : json({}, 404),
    );
    const attempts: AttemptEvent[] = [];
    const commbox = createCommBoxClient({
      token: 'tok-secret',
      baseUrl: 'http://commbox.test',
      fetch,
      retry: { maxDelayMs: 1 },
      onAttempt: (event) => attempts.push(event),
    });
    await expect(commbox.getObject(1, 2)).rejects.toMatchObject({ status: 404 });
    expect(
      attempts.map(({ attempt, status, error, retryInMs }) => ({ attempt, status, error: error?.name, retryInMs })),
    ).toEqual([
      { attempt: 1, status: undefined, error: 'ConnectionError', retryInMs: 1 },
      { attempt: 2, status: 404, error: undefined, retryInMs: undefined },
    ]);
    expect(attempts.every((event) => event.operation === 'getObject' && event.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(attempts)).not.toContain('tok-secret');
  });

  it('openapi-fetch middleware passed in sees each call once, above the retries', async () => {
    const fetch = recordingFetch((_request, index) => (index === 0 ? json({}, 500) : json({ status: 200, data: [] })));
    const seen: string[] = [];
    const commbox = createCommBoxClient({
      token: 't',
      baseUrl: 'http://commbox.test',
      fetch,
      retry: { maxDelayMs: 1 },
      middleware: [{ onResponse: ({ response }) => void seen.push(String(response.status)) }],
    });
    await commbox.getUserObjects(1);
    expect(seen).toEqual(['200']);
  });
});
