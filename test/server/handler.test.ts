import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInboxHandler, type InboxHandlerOptions, type InboxSummary } from '../../src/server/index.js';
import {
  exposed,
  manualClock,
  ok,
  SECRETS,
  startVendorStandIn,
  standInClients,
  throttled,
  type VendorStandIn,
} from '../support/vendor-stand-in.js';

const USER = { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } };

let stub: VendorStandIn;
let clock: ReturnType<typeof manualClock>;

beforeEach(async () => {
  stub = await startVendorStandIn();
  clock = manualClock();
});
afterEach(() => stub.close());

function handlerFor(options: Partial<InboxHandlerOptions> = {}) {
  const clients = standInClients(stub);
  return createInboxHandler({
    commbox: { client: clients.commbox },
    cometchat: { client: clients.cometchat },
    resolveUser: () => USER,
    now: clock.now,
    ...options,
  });
}

const get = (path = '/api/inbox/summary', headers: Record<string, string> = {}) =>
  new Request(`http://site.test${path}`, { headers });
const post = (path: string) => new Request(`http://site.test${path}`, { method: 'POST' });
const summaryOf = async (response: Response) => (await response.json()) as InboxSummary;

describe('GET /summary', () => {
  it('sums both providers, newest first, with no vendor payload, Cache-Control: private and an ETag', async () => {
    const response = await handlerFor()(get());
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    expect(response.headers.get('etag')).toMatch(/^W\/".+"$/);
    const summary = await summaryOf(response);
    expect(summary).toMatchObject({
      total: 9,
      byProvider: { commbox: 4, cometchat: 5 },
      failures: [],
      stale: false,
      asOf: new Date(clock.now()).toISOString(),
    });
    expect(summary.conversations.map((c) => `${c.provider}:${c.id}`)).toEqual([
      'commbox:401120',
      'commbox:400871',
      'commbox:399502',
      'cometchat:superhero3_user_superhero4',
      'cometchat:group_project-group',
      'cometchat:superhero2_user_superhero4',
    ]);
    expect(summary.conversations[0]).toMatchObject({ title: 'Dana Levi', unread: 3 });
    expect(summary.conversations.every((c) => !('raw' in c) && !('target' in c))).toBe(true);
  });

  it('includes the vendor objects as raw only when the server opts in', async () => {
    const summary = await summaryOf(await handlerFor({ includeRaw: true })(get()));
    expect(summary.conversations.find((c) => c.provider === 'cometchat')?.raw).toMatchObject({
      conversationId: 'superhero3_user_superhero4',
    });
  });

  it('reads only the providers resolveUser names', async () => {
    const summary = await summaryOf(
      await handlerFor({ resolveUser: () => ({ cometchat: { uid: 'superhero4' } }) })(get()),
    );
    expect(summary.byProvider).toEqual({ commbox: 0, cometchat: 5 });
    expect(stub.calls.commbox).toBe(0);
  });

  it('sends the vendors the ids resolveUser gives, never any from the browser', async () => {
    await handlerFor()(get('/api/inbox/summary?uid=superhero1&userIdentityId=1', { onBehalfOf: 'superhero1' }));
    expect(stub.requests.find((r) => r.path.startsWith('/commbox'))?.path).toBe(
      '/commbox/v2/users/identities/558355/objects',
    );
    expect(stub.requests.find((r) => r.path.startsWith('/cometchat'))?.headers.onbehalfof).toBe('superhero4');
  });
});

describe('cache', () => {
  it('reuses a read for cacheTtlMs, then reads again', async () => {
    const handler = handlerFor({ cacheTtlMs: 15_000 });
    await handler(get());
    clock.advance(14_999);
    expect((await handler(get())).status).toBe(200);
    expect(stub.calls).toMatchObject({ commbox: 1, cometchat: 1 });
    clock.advance(1);
    await handler(get());
    expect(stub.calls).toMatchObject({ commbox: 2, cometchat: 2 });
  });

  it('keeps one entry per user', async () => {
    let uid = 'superhero4';
    const handler = handlerFor({ resolveUser: () => ({ cometchat: { uid } }) });
    await handler(get());
    uid = 'superhero5';
    await handler(get());
    await handler(get());
    expect(stub.calls.cometchat).toBe(2);
  });
});

describe('coalescing', () => {
  it('200 concurrent summaries for one user make one vendor call per provider', async () => {
    const handler = handlerFor();
    const responses = await Promise.all(Array.from({ length: 200 }, () => handler(get())));
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(stub.calls).toMatchObject({ commbox: 1, cometchat: 1 });
  });

  it('concurrent summaries for different users read each user once', async () => {
    const handler = handlerFor({
      resolveUser: (request) => ({ cometchat: { uid: new URL(request.url).searchParams.get('as')! } }),
    });
    await Promise.all(Array.from({ length: 60 }, (_, index) => handler(get(`/api/inbox/summary?as=user${index % 3}`))));
    expect(stub.calls.cometchat).toBe(3);
  });
});

describe('throttle window', () => {
  it('after CometChat answers 429 Retry-After: 30, serves its last good data as stale and does not call it for 30 s', async () => {
    const handler = handlerFor();
    await handler(get());
    clock.advance(16_000); // the cache is no longer fresh
    stub.answers.cometchat = throttled(30);

    const first = await summaryOf(await handler(get()));
    expect(stub.calls.cometchat).toBe(2);
    expect(first.stale).toBe(true);
    expect(first.byProvider).toEqual({ commbox: 4, cometchat: 5 });
    expect(first.failures).toEqual([
      {
        provider: 'cometchat',
        code: 'rate_limited',
        message: expect.stringContaining('CometChat'),
        retryAfterMs: 30_000,
      },
    ]);
    expect(first.asOf).toBe(new Date(clock.now() - 16_000).toISOString());

    for (let second = 1; second < 30; second++) {
      clock.advance(1_000);
      const summary = await summaryOf(await handler(get()));
      expect(summary).toMatchObject({ stale: true, byProvider: { commbox: 4, cometchat: 5 } });
      expect(summary.failures[0]?.retryAfterMs).toBe(30_000 - second * 1_000);
    }
    expect(stub.calls.cometchat).toBe(2);
    expect(stub.calls.commbox).toBe(3); // CommBox goes on, once per cache TTL

    stub.answers.cometchat = ok((await import('../support/vendor-stand-in.js')).cometchatInbox());
    clock.advance(1_000);
    const after = await summaryOf(await handler(get()));
    expect(stub.calls.cometchat).toBe(3);
    expect(after).toMatchObject({ stale: false, failures: [] });
  });

  it('belongs to the vendor account: one user’s 429 protects every user of that account', async () => {
    const handler = handlerFor({
      resolveUser: (request) => ({ cometchat: { uid: new URL(request.url).searchParams.get('as')! } }),
    });
    stub.answers.cometchat = throttled(30);
    await handler(get('/api/inbox/summary?as=alice'));
    const bob = await handler(get('/api/inbox/summary?as=bob'));
    expect(stub.calls.cometchat).toBe(1);
    expect(bob.status).toBe(503);
    expect(bob.headers.get('retry-after')).toBe('30');
  });

  it('is shared with another handler of the same account through the store', async () => {
    const { createMemoryStore } = await import('../../src/server/index.js');
    const store = createMemoryStore({ now: clock.now });
    stub.answers.cometchat = throttled(30);
    await handlerFor({ store })(get());
    await handlerFor({ store })(get());
    expect(stub.calls.cometchat).toBe(1);
  });

  it('honours X-Rate-Limit-Reset (epoch seconds) when there is no Retry-After', async () => {
    const handler = handlerFor();
    stub.answers.cometchat = {
      status: 429,
      headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 20) },
      body: {},
    };
    const summary = await summaryOf(await handler(get()));
    expect(summary.failures[0]?.code).toBe('rate_limited');
    expect(summary.failures[0]?.retryAfterMs).toBeGreaterThan(15_000);
    expect(summary.failures[0]?.retryAfterMs).toBeLessThanOrEqual(20_000);
  });

  it('a 429 without any wait header throttles for defaultRetryAfterMs', async () => {
    const handler = handlerFor({ defaultRetryAfterMs: 10_000 });
    stub.answers.cometchat = { status: 429, body: {} };
    const summary = await summaryOf(await handler(get()));
    expect(summary.failures[0]).toMatchObject({ code: 'rate_limited', retryAfterMs: 10_000 });
    clock.advance(9_999);
    await handler(get());
    expect(stub.calls.cometchat).toBe(1);
  });
});

describe('ETag', () => {
  it('answers 304 with no body while nothing shown changes, and 200 when it does', async () => {
    const handler = handlerFor();
    const first = await handler(get());
    const etag = first.headers.get('etag')!;
    clock.advance(20_000); // a new read with the same data: asOf moves, the ETag does not
    const again = await handler(get('/api/inbox/summary', { 'If-None-Match': etag }));
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('private, no-cache');
    expect(await again.text()).toBe('');
    expect(stub.calls.commbox).toBe(2);

    stub.answers.cometchat = throttled(30);
    clock.advance(20_000);
    const changed = await handler(get('/api/inbox/summary', { 'If-None-Match': etag }));
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('matches a list of tags and the strong form of the weak tag', async () => {
    const handler = handlerFor();
    const etag = (await handler(get())).headers.get('etag')!;
    expect((await handler(get('/api/inbox/summary', { 'If-None-Match': `"other", ${etag.slice(2)}` }))).status).toBe(
      304,
    );
  });
});

describe('options', () => {
  it('are checked before any request, naming the bad one', () => {
    const clients = standInClients(stub);
    const resolveUser = () => USER;
    expect(() => createInboxHandler({ resolveUser } as unknown as InboxHandlerOptions)).toThrow(
      /createInboxHandler: "options" needs commbox, cometchat or both/,
    );
    expect(() =>
      createInboxHandler({ cometchat: { client: clients.cometchat } } as unknown as InboxHandlerOptions),
    ).toThrow(/"resolveUser" must be a function/);
    expect(() => createInboxHandler({ cometchat: { client: {} as never }, resolveUser })).toThrow(
      /"cometchat.client" must be a CometChat client/,
    );
    expect(() =>
      createInboxHandler({ cometchat: { client: clients.cometchat }, resolveUser, basePath: 'api/' }),
    ).toThrow(/"basePath"/);
    expect(() => createInboxHandler({ cometchat: { client: clients.cometchat }, resolveUser, cacheTtlMs: -1 })).toThrow(
      /"cacheTtlMs"/,
    );
    expect(() =>
      createInboxHandler({
        cometchat: { client: clients.cometchat },
        resolveUser,
        cacheTtlMs: 60_000,
        staleTtlMs: 1_000,
      }),
    ).toThrow(/"staleTtlMs" must be at least cacheTtlMs/);
    expect(stub.requests).toEqual([]);
  });

  it('a resolveUser that gives a malformed vendor id answers 500 and tells onError', async () => {
    const onError = vi.fn();
    const response = await handlerFor({ resolveUser: () => ({ commbox: { userIdentityId: -3 } }), onError })(get());
    expect(response.status).toBe(500);
    expect(onError.mock.calls[0]?.[0].message).toMatch(/userIdentityId/);
    expect(stub.calls.commbox).toBe(0);
  });
});

describe('status codes', () => {
  it('401 when resolveUser returns null', async () => {
    const response = await handlerFor({ resolveUser: () => null })(get());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(stub.calls).toMatchObject({ commbox: 0, cometchat: 0 });
  });

  it('404 for unknown routes and paths outside basePath, 405 with Allow for other methods', async () => {
    const handler = handlerFor();
    expect((await handler(get('/api/inbox/nothing'))).status).toBe(404);
    expect((await handler(get('/elsewhere/summary'))).status).toBe(404);
    expect((await handler(get('/api/inbox'))).status).toBe(404);
    const wrong = await handler(post('/api/inbox/summary'));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
    const wrongRead = await handler(get('/api/inbox/conversations/cometchat/x/read'));
    expect(wrongRead.status).toBe(405);
    expect(wrongRead.headers.get('allow')).toBe('POST');
  });

  it('200 with failures when one provider fails', async () => {
    stub.answers.commbox = { status: 500, body: { status: 500, description: 'Operation failed' } };
    const response = await handlerFor()(get());
    expect(response.status).toBe(200);
    const summary = await summaryOf(response);
    expect(summary.failures).toEqual([
      { provider: 'commbox', code: 'vendor_error', message: 'CommBox answered HTTP 500' },
    ]);
    expect(summary.byProvider).toEqual({ commbox: 0, cometchat: 5 });
    expect(stub.calls.commbox).toBe(1); // no retries inside a request
  });

  it('503 with Retry-After when every provider failed and nothing is cached', async () => {
    stub.answers.commbox = { status: 502, body: 'bad gateway' };
    stub.answers.cometchat = { status: 500, body: {} };
    const response = await handlerFor()(get());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = await response.json();
    expect(body.error.code).toBe('unavailable');
    expect(body.failures).toHaveLength(2);
  });

  it('a vendor read that outlasts vendorTimeoutMs becomes a timeout failure', async () => {
    stub.answers.commbox = { status: 200, stall: true };
    const summary = await summaryOf(await handlerFor({ vendorTimeoutMs: 300 })(get()));
    expect(summary.failures).toEqual([
      { provider: 'commbox', code: 'timeout', message: expect.stringContaining('did not answer') },
    ]);
    expect(summary.byProvider.cometchat).toBe(5);
  });

  it('500 with no detail when resolveUser throws; onError hears of it', async () => {
    const onError = vi.fn();
    const response = await handlerFor({
      resolveUser: () => Promise.reject(new Error('session store down at /srv/app.js:12')),
      onError,
    })(get());
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/session store|\.js|at /);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'session store down at /srv/app.js:12' }), {
      source: 'resolveUser',
    });
  });

  it('HEAD answers the headers of GET', async () => {
    const response = await handlerFor()(new Request('http://site.test/api/inbox/summary', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBeTruthy();
  });
});

describe('POST /conversations/{provider}/{id}/read', () => {
  it('marks a CometChat conversation read on behalf of the user and drops the cached read', async () => {
    const handler = handlerFor();
    await handler(get());
    const response = await handler(post('/api/inbox/conversations/cometchat/superhero3_user_superhero4/read'));
    expect(response.status).toBe(204);
    const read = stub.requests.find((r) => r.method === 'POST');
    expect(read?.path).toBe('/cometchat/users/superhero3/conversation/read');
    expect(read?.headers.onbehalfof).toBe('superhero4');
    await handler(get());
    expect(stub.calls.cometchat).toBe(2);
    expect(stub.calls.commbox).toBe(1);
  });

  it('marks a group conversation read by its guid (the id URL-encoded)', async () => {
    const response = await handlerFor()(
      post(`/api/inbox/conversations/cometchat/${encodeURIComponent('group_project-group')}/read`),
    );
    expect(response.status).toBe(204);
    expect(stub.requests.find((r) => r.method === 'POST')?.path).toBe(
      '/cometchat/groups/project-group/conversation/read',
    );
  });

  it('501 with a clear body for CommBox', async () => {
    const response = await handlerFor()(post('/api/inbox/conversations/commbox/401120/read'));
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual({
      error: { code: 'not_supported', message: 'CommBox documents no endpoint to mark a conversation read' },
    });
  });

  it('403 for a cross-site request, before any vendor call', async () => {
    const request = new Request('http://site.test/api/inbox/conversations/cometchat/superhero3_user_superhero4/read', {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    const response = await handlerFor()(request);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe('forbidden');
    expect(stub.calls).toMatchObject({ cometchat: 0, markRead: 0 });
  });

  it('404 for a conversation that is not the user’s, or an unknown provider', async () => {
    const handler = handlerFor();
    expect((await handler(post('/api/inbox/conversations/cometchat/someone-else/read'))).status).toBe(404);
    expect((await handler(post('/api/inbox/conversations/slack/x/read'))).status).toBe(404);
    expect(stub.calls.markRead).toBe(0);
  });

  it('503 with Retry-After when CometChat throttles the mark read, and the window holds for summaries', async () => {
    const handler = handlerFor({ cacheTtlMs: 5_000 });
    await handler(get());
    stub.answers.markRead = throttled(12);
    const response = await handler(post('/api/inbox/conversations/cometchat/superhero3_user_superhero4/read'));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('12');
    clock.advance(6_000); // the cache has expired, the window has not
    expect((await summaryOf(await handler(get()))).stale).toBe(true);
    expect(stub.calls.cometchat).toBe(1);
  });
});

describe('secrets', () => {
  it('no response, in any scenario, carries a vendor key, token or onBehalfOf', async () => {
    const seen: string[] = [];
    const record = async (response: Response) => seen.push(await exposed(response));
    const handler = handlerFor({ includeRaw: true });
    await record(await handler(get()));
    stub.answers.commbox = { status: 401, body: { status: 401, description: `Invalid token ${SECRETS.commboxToken}` } };
    stub.answers.cometchat = {
      status: 403,
      body: { error: { code: 'ERR_APIKEY', message: `bad apikey ${SECRETS.cometchatKey}` } },
    };
    clock.advance(20_000);
    await record(await handler(get()));
    await record(await handlerFor()(get()));
    stub.answers.markRead = { status: 500, body: { error: { message: SECRETS.cometchatKey } } };
    stub.answers.cometchat = ok((await import('../support/vendor-stand-in.js')).cometchatInbox());
    await record(await handlerFor()(post('/api/inbox/conversations/cometchat/superhero3_user_superhero4/read')));
    await record(await handler(get('/nowhere')));
    expect(seen).toHaveLength(5);
    for (const text of seen) {
      expect(text).not.toContain(SECRETS.commboxToken);
      expect(text).not.toContain(SECRETS.cometchatKey);
      expect(text.toLowerCase()).not.toContain('onbehalfof');
      expect(text).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(seen[1]).toContain('unauthorized');
  });

  it('the store never holds a vendor key, token or onBehalfOf header', async () => {
    const { createMemoryStore } = await import('../../src/server/index.js');
    const memory = createMemoryStore({ now: clock.now });
    const written: string[] = [];
    const store = {
      ...memory,
      set: (key: string, value: string, ttlMs: number) => (
        written.push(`${key}=${value}`),
        memory.set(key, value, ttlMs)
      ),
    };
    const handler = handlerFor({ store, includeRaw: true });
    await handler(get());
    stub.answers.cometchat = throttled(30);
    clock.advance(20_000);
    await handler(get());
    expect(written.length).toBeGreaterThanOrEqual(3); // two reads, a throttle window, a refreshed read
    for (const entry of written) {
      expect(entry).not.toContain(SECRETS.commboxToken);
      expect(entry).not.toContain(SECRETS.cometchatKey);
      expect(entry.toLowerCase()).not.toContain('onbehalfof');
    }
  });
});
