import { afterEach, describe, expect, it, vi } from 'vitest';
import { createInboxClient, InboxApiError, type InboxSummary } from '../../src/browser/index.js';
import { ABSURD_RETRY_AFTER, gaps, inboxServer, summaryOf } from './scripted-inbox-fetch.js';

const summary = (overrides: Partial<InboxSummary> = {}): InboxSummary => ({
  total: 3,
  byProvider: { commbox: 3, cometchat: 0 },
  conversations: [
    {
      provider: 'commbox',
      id: '1',
      title: 'Dana',
      unread: 3,
      lastMessage: { text: 'hi', at: '2026-03-02T09:00:00.000Z' },
      updatedAt: '2026-03-02T09:00:00.000Z',
    },
  ],
  failures: [],
  stale: false,
  asOf: '2026-03-02T09:00:00.000Z',
  ...overrides,
});

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A fetch that answers from `replies` in turn (the last one repeats) and records each request. */
function scriptedFetch(replies: Reply[]) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: Request) => {
    requests.push(input);
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)]!;
    const body =
      reply.body === undefined || reply.status === 304 || reply.status === 204 ? null : JSON.stringify(reply.body);
    return new Response(body, {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

const BASE = 'https://site.test/api/inbox';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createInboxClient', () => {
  it('summary() GETs {baseUrl}/summary with no credentials of its own', async () => {
    const { fetch, requests } = scriptedFetch([{ status: 200, body: summary() }]);
    const inbox = createInboxClient({ baseUrl: BASE, fetch });
    expect((await inbox.summary()).total).toBe(3);
    expect(requests[0]!.url).toBe(`${BASE}/summary`);
    expect([...requests[0]!.headers.keys()].filter((name) => /auth|apikey|onbehalfof/i.test(name))).toEqual([]);
  });

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Fri, 04 Dec 2026 17:00:30 GMT', 30_000],
    ['Fri, 04 Dec 2026 16:00:00 GMT', undefined], // a date gone by: the backoff decides
    ['99999999', 99_999_999_000], // as said: the loops cap their waits
    ['-5', undefined],
    ['1e400', undefined],
    ['soon', undefined],
  ])('InboxApiError.retryAfterMs of Retry-After %j is %s', async (value, expected) => {
    vi.useFakeTimers({ now: Date.parse('2026-12-04T17:00:00Z') });
    const { fetch } = scriptedFetch([
      { status: 429, body: { error: { code: 'rate_limited', message: 'x' } }, headers: { 'retry-after': value } },
    ]);
    const error = await createInboxClient({ baseUrl: BASE, fetch })
      .summary()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InboxApiError);
    expect((error as InboxApiError).retryAfterMs).toBe(expected);
  });

  it('summary() throws InboxApiError with the status, body and Retry-After', async () => {
    const { fetch } = scriptedFetch([
      {
        status: 503,
        body: { error: { code: 'unavailable', message: 'No provider could be read' }, failures: [] },
        headers: { 'retry-after': '7' },
      },
    ]);
    const error = await createInboxClient({ baseUrl: BASE, fetch })
      .summary()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InboxApiError);
    expect(error).toMatchObject({
      status: 503,
      retryAfterMs: 7000,
      message: 'Inbox API answered HTTP 503: No provider could be read',
    });
  });

  it('markRead() POSTs the URL-encoded id and resolves on 204; throws on 501', async () => {
    const { fetch, requests } = scriptedFetch([
      { status: 204 },
      { status: 501, body: { error: { code: 'not_supported', message: 'CommBox documents no endpoint' } } },
    ]);
    const inbox = createInboxClient({ baseUrl: BASE, fetch });
    await inbox.markRead({ provider: 'cometchat', id: 'group_a/b c' });
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.url).toBe(`${BASE}/conversations/cometchat/group_a%2Fb%20c/read`);
    await expect(inbox.markRead({ provider: 'commbox', id: '1' })).rejects.toMatchObject({ status: 501 });
  });
});

describe('watch', () => {
  it('calls back first, then only when something shown changes; polls with If-None-Match', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scriptedFetch([
      { status: 200, body: summary(), headers: { etag: 'W/"a"' } },
      { status: 304, headers: { etag: 'W/"a"' } },
      { status: 200, body: summary({ asOf: '2026-03-02T09:01:00.000Z' }), headers: { etag: 'W/"a"' } }, // only asOf moved
      {
        status: 200,
        body: summary({
          stale: true,
          failures: [{ provider: 'cometchat', code: 'rate_limited', message: 'x', retryAfterMs: 1000 }],
        }),
        headers: { etag: 'W/"b"' },
      },
    ]);
    const seen: InboxSummary[] = [];
    const stop = new AbortController();
    const watching = createInboxClient({ baseUrl: BASE, fetch }).watch(
      { intervalMs: 1_000, signal: stop.signal },
      (s) => seen.push(s),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests[1]!.headers.get('if-none-match')).toBe('W/"a"');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.stale).toBe(true);
    expect(requests[3]!.headers.get('if-none-match')).toBe('W/"a"');
    stop.abort();
    await watching;
  });

  it('waits out a 503 or 429 Retry-After before the next poll', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scriptedFetch([
      {
        status: 503,
        body: { error: { code: 'unavailable', message: 'x' }, failures: [] },
        headers: { 'retry-after': '30' },
      },
      { status: 200, body: summary() },
    ]);
    const onError = vi.fn();
    const stop = new AbortController();
    const seen: InboxSummary[] = [];
    const watching = createInboxClient({ baseUrl: BASE, fetch }).watch(
      { intervalMs: 1_000, signal: stop.signal, onError },
      (s) => seen.push(s),
    );
    await vi.advanceTimersByTimeAsync(29_999);
    expect(requests).toHaveLength(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ status: 503, retryAfterMs: 30_000 }));
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    expect(seen).toHaveLength(1);
    stop.abort();
    await watching;
  });

  it('backs off, doubling, on errors without Retry-After', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scriptedFetch([{ status: 500, body: { error: { code: 'internal', message: 'x' } } }]);
    const stop = new AbortController();
    const watching = createInboxClient({ baseUrl: BASE, fetch }).watch(
      { intervalMs: 1_000, signal: stop.signal },
      () => {},
    );
    await vi.advanceTimersByTimeAsync(2_000); // first wait: 2 s
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3_999); // second wait: 4 s
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(3);
    stop.abort();
    await watching;
  });

  it('pauses while the tab is hidden and resumes when it shows', async () => {
    vi.useFakeTimers();
    const listeners = new Set<() => void>();
    const doc = {
      visibilityState: 'visible',
      addEventListener: (_: string, listener: () => void) => listeners.add(listener),
      removeEventListener: (_: string, listener: () => void) => listeners.delete(listener),
    };
    vi.stubGlobal('document', doc);
    const { fetch, requests } = scriptedFetch([{ status: 200, body: summary(), headers: { etag: 'W/"a"' } }]);
    const stop = new AbortController();
    const watching = createInboxClient({ baseUrl: BASE, fetch }).watch(
      { intervalMs: 1_000, signal: stop.signal },
      () => {},
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    doc.visibilityState = 'hidden';
    await vi.advanceTimersByTimeAsync(10_000);
    expect(requests).toHaveLength(1);
    doc.visibilityState = 'visible';
    for (const listener of [...listeners]) listener();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2);
    stop.abort();
    await watching;
  });

  it('resolves when the signal aborts, even while waiting', async () => {
    vi.useFakeTimers();
    const { fetch } = scriptedFetch([{ status: 200, body: summary() }]);
    const stop = new AbortController();
    const watching = createInboxClient({ baseUrl: BASE, fetch }).watch(
      { intervalMs: 60_000, signal: stop.signal },
      () => {},
    );
    await vi.advanceTimersByTimeAsync(10);
    stop.abort();
    await expect(watching).resolves.toBeUndefined();
  });
});

describe('a hostile or broken server (issue 23)', () => {
  it.each(ABSURD_RETRY_AFTER)(
    'Retry-After %j: at most one poll per max(intervalMs, capped Retry-After), for 20 minutes',
    async (value) => {
      vi.useFakeTimers();
      const server = inboxServer(() => ({
        status: 503,
        body: { error: { code: 'unavailable', message: 'x' } },
        headers: { 'retry-after': value },
      }));
      const stop = new AbortController();
      const watching = createInboxClient({ baseUrl: BASE, fetch: server.fetch }).watch(
        { intervalMs: 1_000, signal: stop.signal },
        () => {},
      );
      for (let second = 0; second < 1_200; second++) await vi.advanceTimersByTimeAsync(1_000);
      const times = server.reads().map(({ at }) => at);
      expect(times.length).toBeGreaterThanOrEqual(2); // still polling: the wait is capped, not endless
      for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(1_000);
      // An absurd Retry-After is honoured up to the 5-minute cap, never overflowed into a flood.
      if (value === '99999999') for (const gap of gaps(times)) expect(gap).toBe(300_000);
      // Unusable ones fall back to the doubling backoff, capped at 5 minutes.
      else expect(gaps(times).slice(0, 3)).toEqual([2_000, 4_000, 8_000]);
      stop.abort();
      await watching;
    },
  );

  it.each([Infinity, 0, NaN, -1, 1.5, 2 ** 31, '1000'])(
    'watch refuses intervalMs %s at once, before any request',
    (intervalMs) => {
      const server = inboxServer(() => ({ status: 200, body: summaryOf(1) }));
      const inbox = createInboxClient({ baseUrl: BASE, fetch: server.fetch });
      expect(() => inbox.watch({ intervalMs: intervalMs as number }, () => {})).toThrow(TypeError);
      expect(() => inbox.watch({ intervalMs: intervalMs as number }, () => {})).toThrow(/"intervalMs"/);
      expect(server.requests).toHaveLength(0);
    },
  );

  it('an onError that throws neither rejects the watch nor stops it', async () => {
    vi.useFakeTimers();
    const server = inboxServer(() => ({ status: 500, body: { error: { code: 'internal', message: 'x' } } }));
    const stop = new AbortController();
    const onError = vi.fn(() => {
      throw new Error('the reporter broke');
    });
    let settled: string | undefined;
    const watching = createInboxClient({ baseUrl: BASE, fetch: server.fetch }).watch(
      { intervalMs: 1_000, signal: stop.signal, onError },
      () => {},
    );
    watching.then(
      () => (settled = 'resolved'),
      () => (settled = 'rejected'),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).toBeUndefined();
    expect(server.reads().length).toBeGreaterThanOrEqual(4);
    expect(onError).toHaveBeenCalledTimes(server.reads().length);
    stop.abort();
    await watching;
    expect(settled).toBe('resolved');
  });

  it('an onChange that throws goes to onError as a failed poll; the watch goes on', async () => {
    vi.useFakeTimers();
    let unread = 1;
    const server = inboxServer(() => ({ status: 200, body: summaryOf(unread++) }));
    const stop = new AbortController();
    const errors: unknown[] = [];
    const watching = createInboxClient({ baseUrl: BASE, fetch: server.fetch }).watch(
      { intervalMs: 1_000, signal: stop.signal, onError: (error) => errors.push(error) },
      () => {
        throw new Error('render failed');
      },
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.reads().length).toBeGreaterThanOrEqual(5);
    expect(errors).toHaveLength(server.reads().length);
    expect((errors[0] as Error).message).toBe('render failed');
    stop.abort();
    await watching;
  });

  it.each([
    ['an HTML page', '<!doctype html><title>Maintenance</title>'],
    ['a maintenance notice', { status: 'maintenance' }],
    ['counts that are not numbers', { ...summaryOf(3), total: '3' }],
    ['an empty body', ''],
  ])('summary() rejects %s answered 200 with InboxApiError (status 200), not a SyntaxError', async (_, body) => {
    const server = inboxServer(() => ({ status: 200, body }));
    const error = await createInboxClient({ baseUrl: BASE, fetch: server.fetch })
      .summary()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InboxApiError);
    expect(error).toMatchObject({ status: 200, message: 'Inbox API answered HTTP 200: not an inbox summary' });
  });

  it('watch treats a garbage 200 as a failed poll: onError, no onChange, backoff', async () => {
    vi.useFakeTimers();
    const server = inboxServer(() => ({ status: 200, body: { status: 'maintenance' } }));
    const stop = new AbortController();
    const onError = vi.fn();
    const onChange = vi.fn();
    const watching = createInboxClient({ baseUrl: BASE, fetch: server.fetch }).watch(
      { intervalMs: 1_000, signal: stop.signal, onError },
      onChange,
    );
    await vi.advanceTimersByTimeAsync(6_000);
    expect(onChange).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledWith(expect.any(InboxApiError));
    expect(gaps(server.reads().map(({ at }) => at))).toEqual([2_000, 4_000]);
    stop.abort();
    await watching;
  });

  it.each(['.', '..', ''])(
    'markRead refuses the id %j (a URL would resolve it out of the route), before any request',
    async (id) => {
      const server = inboxServer(() => ({ status: 204 }));
      const inbox = createInboxClient({ baseUrl: BASE, fetch: server.fetch });
      await expect(inbox.markRead({ provider: 'cometchat', id })).rejects.toThrow(TypeError);
      await expect(inbox.markRead({ provider: 'cometchat', id })).rejects.toThrow(/"conversation\.id"/);
      await expect(inbox.markRead({ provider: '..' as 'cometchat', id: 'a' })).rejects.toThrow(
        /"conversation\.provider"/,
      );
      expect(server.requests).toHaveLength(0);
    },
  );

  it('markRead keeps ids that only contain dots inside the route', async () => {
    const server = inboxServer(() => ({ status: 204 }));
    const inbox = createInboxClient({ baseUrl: BASE, fetch: server.fetch });
    await inbox.markRead({ provider: 'cometchat', id: '...' });
    await inbox.markRead({ provider: 'cometchat', id: 'a/../b' });
    await inbox.markRead({ provider: 'cometchat', id: '%2E%2e' }); // its % is encoded: no dot segment
    expect(server.requests.map(({ request }) => request.url)).toEqual([
      `${BASE}/conversations/cometchat/.../read`,
      `${BASE}/conversations/cometchat/a%2F..%2Fb/read`,
      `${BASE}/conversations/cometchat/%252E%252e/read`,
    ]);
  });
});
