import {
  createCommBoxClient,
  createCometChatClient,
  RateLimitError,
  UnsupportedOperationError,
} from 'conversations-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInboxOver } from '../../src/inbox/inbox.js';
import { createInboxHandlerOver } from '../../src/server/inbox-handler.js';
import { listenOnLoopback } from '../support/loopback-server.js';
import { manualClock, SECRETS, startVendorStub, stubClients, type VendorStub } from '../server/support/vendor-stub.js';
import { THREE_PROVIDERS } from './providers.js';
import { createThreadlyClient } from './threadly/client.js';

// A third vendor plugged in by its folder (./threadly: spec, generated types, client, profile, adapter)
// and one line (./providers.ts), through the same list every layer loops over.

const THREADLY_KEY = 'thr-secret-key-5d21aa';
const THREADS = {
  unseenTotal: 3,
  items: [
    {
      threadId: 't-1',
      subject: 'Order 1182',
      unseen: 2,
      lastActivity: Date.UTC(2030, 0, 1),
      preview: 'Where is my parcel?',
    },
    { threadId: 't-2', subject: 'Refund', unseen: 1, lastActivity: Date.UTC(2001, 0, 1), preview: 'Thanks!' },
  ],
};

interface ThreadlyAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A counting stand-in for Threadly: List Threads and Mark Seen. */
async function startThreadlyStub() {
  const calls = { list: 0, seen: 0 };
  const requests: { method: string; path: string; key: string | undefined }[] = [];
  const answers: { list: ThreadlyAnswer; seen: ThreadlyAnswer } = {
    list: { status: 200, body: THREADS },
    seen: { status: 200, body: { seen: true } },
  };
  const server = await listenOnLoopback((request, response) => {
    const path = new URL(request.url ?? '/', 'http://stub').pathname;
    requests.push({ method: request.method ?? '', path, key: request.headers['x-threadly-key'] as string | undefined });
    request.resume();
    const route =
      request.method === 'GET' && /^\/v1\/members\/[a-z0-9-]+\/threads$/.test(path)
        ? 'list'
        : request.method === 'POST' && /^\/v1\/members\/[a-z0-9-]+\/threads\/[^/]+\/seen$/.test(path)
          ? 'seen'
          : undefined;
    if (!route)
      return void response.writeHead(404, { 'content-type': 'application/json' }).end('{"fault":{"kind":"NOT_FOUND"}}');
    calls[route]++;
    const answer = answers[route];
    response
      .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      .end(JSON.stringify(answer.body ?? {}));
  });
  return { ...server, calls, requests, answers };
}

type ThreadlyStub = Awaited<ReturnType<typeof startThreadlyStub>>;
let threadly: ThreadlyStub;
let stub: VendorStub;

beforeAll(async () => {
  [threadly, stub] = await Promise.all([startThreadlyStub(), startVendorStub()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([threadly?.close(), stub?.close()]);
});
beforeEach(() => {
  threadly.calls.list = threadly.calls.seen = 0;
  threadly.requests.length = 0;
  threadly.answers.list = { status: 200, body: THREADS };
  threadly.answers.seen = { status: 200, body: { seen: true } };
});

const threadlyClient = () => createThreadlyClient({ apiKey: THREADLY_KEY, baseUrl: threadly.url, maxRetries: 0 });
const quota = (ms: number): ThreadlyAnswer => ({
  status: 429,
  headers: { 'x-quota-retry-ms': String(ms) },
  body: { fault: { kind: 'QUOTA', detail: 'slow down' } },
});

describe('createInbox over three vendors', () => {
  const inboxOf = () =>
    createInboxOver(THREE_PROVIDERS, {
      commbox: {
        client: createCommBoxClient({ token: SECRETS.commboxToken, baseUrl: `${stub.url}/commbox`, maxRetries: 0 }),
        userIdentityId: 558355,
      },
      cometchat: {
        client: createCometChatClient({
          appId: 'demo',
          region: 'eu',
          apiKey: SECRETS.cometchatKey,
          baseUrl: `${stub.url}/cometchat`,
          maxRetries: 0,
        }),
        uid: 'superhero4',
      },
      threadly: { client: threadlyClient(), memberId: 'm-1' },
    });

  it('sums the three, by provider, in the one order (newest first)', async () => {
    const summary = await inboxOf().unreadSummary();
    expect(Object.keys(summary.byProvider)).toEqual(['commbox', 'cometchat', 'threadly']);
    expect(summary.byProvider.threadly).toBe(3);
    expect(summary.total).toBe(summary.byProvider.commbox + summary.byProvider.cometchat + 3);
    expect(summary.conversations[0]).toMatchObject({
      provider: 'threadly',
      id: 't-1',
      title: 'Order 1182',
      unread: 2,
      lastMessage: { text: 'Where is my parcel?' },
    });
    expect(summary.conversations.at(-1)).toMatchObject({ provider: 'threadly', id: 't-2' });
    expect(summary.conversations.at(-1)?.raw).toEqual(THREADS.items[1]);
    expect(threadly.requests).toEqual([{ method: 'GET', path: '/v1/members/m-1/threads', key: THREADLY_KEY }]);
  });

  it('marks a Threadly conversation read through its adapter; CommBox stays unsupported', async () => {
    const inbox = inboxOf();
    const { conversations } = await inbox.unreadSummary();
    await inbox.markRead(conversations.find((c) => c.provider === 'threadly')!);
    expect(threadly.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/v1/members/m-1/threads/t-1/seen',
      key: THREADLY_KEY,
    });
    await expect(inbox.markRead(conversations.find((c) => c.provider === 'commbox')!)).rejects.toThrow(
      UnsupportedOperationError,
    );
  });

  it('a failing third vendor is a typed failure (its own error body and rate-limit header); the others keep their data', async () => {
    threadly.answers.list = quota(1500);
    const summary = await inboxOf().unreadSummary();
    expect(summary.byProvider).toMatchObject({ threadly: 0 });
    expect(summary.conversations.some((c) => c.provider === 'cometchat')).toBe(true);
    expect(summary.failures).toHaveLength(1);
    const [failure] = summary.failures;
    expect(failure!.provider).toBe('threadly');
    expect(failure!.error).toBeInstanceOf(RateLimitError);
    expect(failure!.error).toMatchObject({ status: 429, code: 'QUOTA', retryAfterMs: 1500, provider: 'threadly' });
    expect(String(failure!.error.message)).toContain('Threadly');
  });

  it('checks the third vendor’s options like the others, before any request', () => {
    expect(() => createInboxOver(THREE_PROVIDERS, {})).toThrow(
      /"options" needs commbox, cometchat, threadly or several/,
    );
    expect(() =>
      createInboxOver(THREE_PROVIDERS, { threadly: { client: threadlyClient(), memberId: 'Not Valid' } }),
    ).toThrow(/"threadly.memberId"/);
    expect(() => createInboxOver(THREE_PROVIDERS, { threadly: { client: {} as never, memberId: 'm-1' } })).toThrow(
      /"threadly.client" must be a Threadly client/,
    );
    expect(threadly.requests).toEqual([]);
  });
});

describe('createInboxHandler over three vendors', () => {
  const clock = manualClock();
  const USER = { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' }, threadly: { memberId: 'm-1' } };
  const handlerFor = (resolveUser: () => object | null = () => USER) => {
    const clients = stubClients(stub);
    return createInboxHandlerOver(THREE_PROVIDERS, {
      commbox: { client: clients.commbox },
      cometchat: { client: clients.cometchat },
      threadly: { client: threadlyClient() },
      resolveUser,
      now: clock.now,
    });
  };
  const get = () => new Request('http://site.test/api/inbox/summary');
  const post = (path: string) => new Request(`http://site.test/api/inbox${path}`, { method: 'POST' });
  type Summary = {
    total: number;
    byProvider: Record<string, number>;
    conversations: { provider: string; id: string; unread: number }[];
    failures: { provider: string; code: string; message: string; retryAfterMs?: number }[];
  };

  afterEach(() => clock.advance(3_600_000));

  it('the summary counts the three (byProvider derived from the list), cached like the others', async () => {
    const handler = handlerFor();
    const response = await handler(get());
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Summary;
    expect(summary.byProvider).toEqual({ commbox: 4, cometchat: 5, threadly: 3 });
    expect(summary.total).toBe(12);
    expect(summary.conversations[0]).toMatchObject({ provider: 'threadly', id: 't-1', unread: 2 });
    expect(summary.conversations.at(-1)).toMatchObject({ provider: 'threadly', id: 't-2' });
    expect((await handler(get())).status).toBe(200);
    expect(threadly.calls.list).toBe(1); // the stored read of the third vendor is read back from the store
  });

  it('a visitor without a Threadly id reads the two others; byProvider still names all three', async () => {
    const summary = (await (await handlerFor(() => ({ cometchat: { uid: 'superhero4' } }))(get())).json()) as Summary;
    expect(summary.byProvider).toEqual({ commbox: 0, cometchat: 5, threadly: 0 });
    expect(threadly.calls.list).toBe(0);
  });

  it('POST /conversations/threadly/{id}/read marks it through the adapter and drops the cached read; CommBox stays 501', async () => {
    const handler = handlerFor();
    await handler(get());
    const response = await handler(post('/conversations/threadly/t-1/read'));
    expect(response.status).toBe(204);
    expect(threadly.calls.seen).toBe(1);
    expect(threadly.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/v1/members/m-1/threads/t-1/seen',
      key: THREADLY_KEY,
    });
    await handler(get());
    expect(threadly.calls.list).toBe(2);
    expect((await handler(post('/conversations/threadly/t-9/read'))).status).toBe(404);
    expect((await handler(post('/conversations/commbox/401120/read'))).status).toBe(501);
    expect((await handler(post('/conversations/fourthly/1/read'))).status).toBe(404);
  });

  it('a throttled or failing third vendor is a named failure; the others are served', async () => {
    threadly.answers.list = quota(2000);
    const throttled = (await (await handlerFor()(get())).json()) as Summary;
    expect(throttled.failures).toEqual([
      {
        provider: 'threadly',
        code: 'rate_limited',
        message: 'Threadly is throttling this account; retrying in 2 s',
        retryAfterMs: 2000,
      },
    ]);
    expect(throttled.byProvider).toMatchObject({ cometchat: 5, threadly: 0 });
    clock.advance(60_000);
    threadly.answers.list = { status: 500, body: { fault: { kind: 'BOOM', detail: 'secret internal detail' } } };
    const failing = await handlerFor()(get());
    const body = await failing.text();
    expect(JSON.parse(body).failures).toEqual([
      { provider: 'threadly', code: 'vendor_error', message: 'Threadly answered HTTP 500 (BOOM)' },
    ]);
    expect(body).not.toContain('secret internal detail');
    expect(body).not.toContain(THREADLY_KEY);
  });

  it('a malformed Threadly id from resolveUser answers 500; without webhooks configured, Threadly has no webhook route', async () => {
    expect((await handlerFor(() => ({ threadly: { memberId: 'NOT OK' } }))(get())).status).toBe(500);
    expect((await handlerFor()(post('/webhooks/threadly'))).status).toBe(404);
    expect(threadly.calls.list).toBe(0);
  });
});

describe('webhooks of a third vendor (its webhook part declares its auth; nothing in src/server names it)', () => {
  const clock = manualClock();
  const HOOK = { username: 'threadly-hook', password: 'a-long-threadly-password-7' };
  const basic = (username: string, password: string) =>
    `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const handlerWith = (webhooks: { threadly?: { username: string; password: string }; reconcileMs?: number }) =>
    createInboxHandlerOver(THREE_PROVIDERS, {
      threadly: { client: threadlyClient() },
      resolveUser: () => ({ threadly: { memberId: 'm-1' } }),
      now: clock.now,
      webhooks,
    });
  const event = (authorization: string | undefined, id = 'evt-1') =>
    new Request('http://site.test/api/inbox/webhooks/threadly', {
      method: 'POST',
      body: JSON.stringify({ id, memberId: 'm-1' }),
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    });

  afterEach(() => clock.advance(3_600_000));

  it('authenticates and accepts a Threadly webhook, which re-reads the watched member', async () => {
    const handler = handlerWith({ threadly: HOOK });
    expect((await handler(new Request('http://site.test/api/inbox/summary'))).status).toBe(200);
    expect(threadly.calls.list).toBe(1);
    const response = await handler(event(basic(HOOK.username, HOOK.password)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 'queued' });
    await handler.changes.settled();
    expect(threadly.calls.list).toBe(2);
    expect((await (await handler(event(basic(HOOK.username, HOOK.password)))).json()).received).toBe('duplicate');
    const malformed = await handler(
      new Request('http://site.test/api/inbox/webhooks/threadly', {
        method: 'POST',
        body: '{"memberId":"m-1"}',
        headers: { 'content-type': 'application/json', authorization: basic(HOOK.username, HOOK.password) },
      }),
    );
    expect(malformed.status).toBe(400);
    handler.changes.close();
  });

  it('rejects a wrong password or none (401), reading nothing', async () => {
    const handler = handlerWith({ threadly: HOOK });
    await handler(new Request('http://site.test/api/inbox/summary'));
    const wrong = await handler(event(basic(HOOK.username, `${HOOK.password}x`), 'evt-2'));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await handler(event(undefined, 'evt-3'))).status).toBe(401);
    expect((await handler(event(basic('someone-else', HOOK.password), 'evt-4'))).status).toBe(401);
    await handler.changes.settled();
    expect(threadly.calls.list).toBe(1);
    handler.changes.close();
  });

  it('checks webhooks.threadly by the scheme its adapter declares, with the messages of the other vendors', () => {
    expect(() => handlerWith({ threadly: { username: 'u', password: 'short-pass' } })).toThrow(
      /"webhooks\.threadly\.password" must be a string of at least 16 characters/,
    );
    expect(() => handlerWith({ threadly: { username: 'a:b', password: HOOK.password } })).toThrow(
      /"webhooks\.threadly\.username"/,
    );
    expect(() => handlerWith({ reconcileMs: 5_000 })).toThrow(
      /"webhooks" needs commbox, cometchat, threadly or several/,
    );
    const clients = stubClients(stub);
    expect(() =>
      createInboxHandlerOver(THREE_PROVIDERS, {
        cometchat: { client: clients.cometchat },
        resolveUser: () => null,
        webhooks: { threadly: HOOK },
      }),
    ).toThrow(/"webhooks\.threadly" needs the threadly option \(its client\) too/);
    expect(threadly.requests).toEqual([]);
  });
});
