import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createInboxHandler,
  createMemoryStore,
  storeKeys,
  type InboxHandlerOptions,
  type InboxStore,
  type InboxSummary,
} from '../../src/server/index.js';
import {
  cometchatInbox,
  commboxInbox,
  manualClock,
  ok,
  startVendorStandIn,
  standInClients,
  type VendorStandIn,
} from '../support/vendor-stand-in.js';

// Issue 23: the handler under hostile users, vendors and stores (server half).

const USER = { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } };
const MARK_X = '/api/inbox/conversations/cometchat/superhero3_user_superhero4/read';
const MARK_Y = '/api/inbox/conversations/cometchat/superhero2_user_superhero4/read';

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
const post = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://site.test${path}`, { method: 'POST', headers });
const summaryOf = async (response: Response) => (await response.json()) as InboxSummary;

/** A promise the test settles by hand. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Waits (without a wall-clock budget that real work must meet) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 6_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('includeRaw through a shared store (defect 5)', () => {
  it('each handler shows raw by its own option, whoever wrote the store', async () => {
    const store = createMemoryStore({ now: clock.now });
    const admin = handlerFor({ store, includeRaw: true });
    const plain = handlerFor({ store });
    const first = await summaryOf(await admin(get()));
    expect(first.conversations.every((c) => c.raw !== undefined)).toBe(true);
    const second = await summaryOf(await plain(get()));
    expect(second.conversations).toHaveLength(6);
    expect(second.conversations.some((c) => 'raw' in c)).toBe(false);
    expect(stub.calls).toMatchObject({ commbox: 1, cometchat: 1 }); // served from the shared cache

    const other = createMemoryStore({ now: clock.now });
    await handlerFor({ store: other })(get());
    const adminView = await summaryOf(await handlerFor({ store: other, includeRaw: true })(get()));
    expect(adminView.conversations.every((c) => c.raw !== undefined)).toBe(true);
  });
});

describe('mark-read race (defect 6)', () => {
  it('a read that started before an invalidation is never written back, and no later request joins it', async () => {
    const handler = handlerFor();
    await handler(get());
    expect(stub.calls.cometchat).toBe(1);

    // Y is being marked read (the vendor is slow)…
    const markGate = gate();
    stub.answers.markRead = { ...ok({ data: { success: true } }), hold: markGate.promise };
    const markY = handler(post(MARK_Y));
    await until(() => stub.calls.markRead === 1);

    // …while the page polls after X's 204 (its read of the vendor is in flight).
    clock.advance(20_000);
    const readGate = gate();
    stub.answers.cometchat = { ...ok(stub.answers.cometchat.body), hold: readGate.promise };
    const polled = handler(get());
    await until(() => stub.calls.cometchat === 2);

    markGate.open();
    expect((await markY).status).toBe(204);
    // The page polls after Y's 204: it must not get the read that started before it.
    const afterMark = handler(get());
    await until(() => stub.calls.cometchat === 3);
    readGate.open();
    expect((await polled).status).toBe(200);
    expect((await afterMark).status).toBe(200);

    // What is cached now is the read that began after the invalidation.
    await handler(get());
    expect(stub.calls.cometchat).toBe(3);
  });

  it('invalidate() holds for every handler sharing the store', async () => {
    const store = createMemoryStore({ now: clock.now });
    const a = handlerFor({ store });
    const b = handlerFor({ store });
    await a(get());
    expect((await b(post(MARK_X))).status).toBe(204);
    await a(get());
    expect(stub.calls.cometchat).toBe(2);
  });
});

describe('what a store gives back is input (defect 10)', () => {
  it.each([
    ['conversations of numbers', { at: 0, conversations: [1, 2], failures: [] }],
    [
      'a string count',
      {
        at: 0,
        conversations: [
          { provider: 'cometchat', id: 'x', title: 't', unread: '3', updatedAt: '2026-03-02T09:00:00.000Z' },
        ],
        failures: [],
      },
    ],
    ['no failures list', { at: 0, conversations: [] }],
    ['not JSON', 'v1:{'],
  ])('%s reads as a miss: 200 with numbers from the vendor', async (_, value) => {
    const store = createMemoryStore({ now: clock.now });
    const clients = standInClients(stub);
    const text = typeof value === 'string' ? value : JSON.stringify({ ...value, at: clock.now() });
    await store.set(storeKeys.read(clients.cometchat.accountKey, 'superhero4'), text, 600_000);
    const response = await handlerFor({ store })(get());
    expect(response.status).toBe(200);
    const summary = await summaryOf(response);
    expect(summary.total).toBe(9);
    expect(typeof summary.byProvider.cometchat).toBe('number');
    expect(stub.calls.cometchat).toBe(1);
  });
});

describe('what a store gives back is input: throttle windows', () => {
  it.each(['1e300', 'soon', String(Number.MAX_SAFE_INTEGER)])(
    'a stored throttle end of %s does not keep the vendor off',
    async (value) => {
      const store = createMemoryStore({ now: clock.now });
      await store.set(storeKeys.throttle(standInClients(stub).cometchat.accountKey), value, 600_000);
      const summary = await summaryOf(await handlerFor({ store })(get()));
      expect(summary.failures).toEqual([]);
      expect(stub.calls.cometchat).toBe(1);
    },
  );
});

describe('counts and options', () => {
  it('CommBox unreadMessages 1e308 is capped, never a null total (defect 11)', async () => {
    const inbox = commboxInbox() as { data: { unreadMessages: number }[]; totalUnreadChatMessages: number };
    inbox.data[0]!.unreadMessages = 1e308;
    inbox.data[1]!.unreadMessages = 1e308;
    stub.answers.commbox = ok(inbox);
    const summary = await summaryOf(await handlerFor()(get()));
    expect(Number.isSafeInteger(summary.conversations[0]!.unread)).toBe(true);
    expect(typeof summary.byProvider.commbox).toBe('number');
    expect(typeof summary.total).toBe('number');
    expect(summary.total).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    'vendorTimeoutMs',
    'storeTimeoutMs',
    'cacheTtlMs',
    'staleTtlMs',
    'defaultRetryAfterMs',
    'failureWindowMs',
    'resolveUserTimeoutMs',
  ] as const)('%s must be a timer duration, 1 … 2³¹−1 ms (defect 12)', (name) => {
    expect(() => handlerFor({ [name]: 2 ** 31 })).toThrow(
      new RegExp(`"${name}" must be an integer from 1 to 2147483647`),
    );
    expect(() => handlerFor({ [name]: 0 })).toThrow(RangeError);
  });

  it('allowedOrigins must be origins', () => {
    expect(() => handlerFor({ allowedOrigins: ['https://shop.example/'] })).toThrow(/allowedOrigins/);
    expect(() => handlerFor({ allowedOrigins: 'https://shop.example' as never })).toThrow(/allowedOrigins/);
  });
});

describe('resolveUser (defect 14, issue 21)', () => {
  it.each([false, 0, '', true, 'alice', 42, [USER]])(
    'returning %j is a 500 that onError hears of, not an empty inbox',
    async (value) => {
      const onError = vi.fn();
      const response = await handlerFor({ resolveUser: () => value as never, onError })(get());
      expect(response.status).toBe(500);
      expect(onError).toHaveBeenCalledWith(expect.any(TypeError), { source: 'resolveUser' });
      expect(stub.calls).toMatchObject({ commbox: 0, cometchat: 0 });
    },
  );

  it('returning undefined is a 401, like null', async () => {
    expect((await handlerFor({ resolveUser: () => undefined })(get())).status).toBe(401);
  });

  it('one that never settles is a 503 after resolveUserTimeoutMs, and onError hears of it', async () => {
    const onError = vi.fn();
    const response = await handlerFor({ resolveUser: () => new Promise(() => {}), resolveUserTimeoutMs: 50, onError })(
      get(),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toEqual({
      error: { code: 'unavailable', message: expect.any(String) },
      failures: [],
    }); // the summary's 503 schema
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ name: 'ResolveUserTimeoutError' }), {
      source: 'resolveUser',
    });
  });

  it('a uid that cannot be a header value is a malformed id: 500 with onError, no vendor call (defect 15)', async () => {
    for (const uid of ['supér', 'a\nb', ' padded']) {
      const onError = vi.fn();
      const response = await handlerFor({ resolveUser: () => ({ cometchat: { uid } }), onError })(get());
      expect(response.status).toBe(500);
      expect(onError).toHaveBeenCalledTimes(1);
    }
    expect(stub.calls.cometchat).toBe(0);
  });
});

describe('routes (issue 21)', () => {
  it('a path outside basePath is a 404 naming the basePath served', async () => {
    const response = await handlerFor({ basePath: '/inbox-api' })(get('/api/inbox/summary'));
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe(
      'No such inbox route: this handler serves paths under /inbox-api/',
    );
  });
});

describe('a 12 MB vendor body (defect 15)', () => {
  it('is reported as too large, not as an HTTP 200', async () => {
    stub.answers.cometchat = ok({ data: [], filler: 'x'.repeat(12 * 1024 * 1024) });
    const summary = await summaryOf(await handlerFor()(get()));
    const failure = summary.failures.find((f) => f.provider === 'cometchat');
    expect(failure?.message).toMatch(/too large/);
    expect(failure?.message).not.toMatch(/HTTP 200/);
  });
});

describe('CSRF without Sec-Fetch-Site', () => {
  it.each([
    ['another origin, no Sec-Fetch-Site', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
    ['same-site', { 'sec-fetch-site': 'same-site', origin: 'https://other.site.test' }],
  ])('%s is refused before any vendor call', async (_, headers) => {
    const response = await handlerFor()(post(MARK_X, headers));
    expect(response.status).toBe(403);
    expect(stub.calls.markRead).toBe(0);
  });

  it.each([
    ['its own origin', { origin: 'http://site.test' }, []],
    ['an allowed origin', { origin: 'https://shop.example', 'sec-fetch-site': 'same-site' }, ['https://shop.example']],
    ['same-origin', { 'sec-fetch-site': 'same-origin' }, []],
    ['no browser headers at all (curl)', {}, []],
  ])('%s may mark read', async (_, headers, allowedOrigins) => {
    expect((await handlerFor({ allowedOrigins })(post(MARK_X, headers))).status).toBe(204);
  });
});

describe('stale-while-error', () => {
  it('after a vendor 5xx, the account is answered from the last good read at once for failureWindowMs', async () => {
    const handler = handlerFor();
    await handler(get());
    clock.advance(20_000);
    stub.answers.cometchat = { status: 500, body: { error: { message: 'boom' } } };
    for (let i = 0; i < 10; i++) {
      const summary = await summaryOf(await handler(get()));
      expect(summary.stale).toBe(true);
      expect(summary.byProvider.cometchat).toBe(5);
      expect(summary.failures).toEqual([expect.objectContaining({ provider: 'cometchat', code: 'vendor_error' })]);
    }
    expect(stub.calls.cometchat).toBe(2);
    clock.advance(5_001);
    stub.answers.cometchat = ok(cometchatInbox());
    expect((await summaryOf(await handler(get()))).stale).toBe(false);
    expect(stub.calls.cometchat).toBe(3);
  });

  it('a hanging vendor holds one summary for vendorTimeoutMs; the next are answered stale without a call', async () => {
    const handler = handlerFor({ vendorTimeoutMs: 300 });
    await handler(get());
    clock.advance(20_000);
    stub.answers.cometchat = { status: 200, stall: true };
    expect((await summaryOf(await handler(get()))).failures[0]?.code).toBe('timeout');
    const calls = stub.calls.cometchat;
    const next = await summaryOf(await handler(get()));
    expect(next).toMatchObject({ stale: true, failures: [expect.objectContaining({ code: 'timeout' })] });
    expect(stub.calls.cometchat).toBe(calls);
  });

  it('a 4xx does not open the window', async () => {
    const handler = handlerFor();
    stub.answers.cometchat = { status: 400, body: { error: { code: 'ERR_BAD' } } };
    await handler(get());
    await handler(get());
    expect(stub.calls.cometchat).toBe(2);
  });
});

describe('store outages', () => {
  const counting = (inner: Partial<InboxStore>) => {
    const memory = createMemoryStore({ now: clock.now });
    let calls = 0;
    const wrap =
      <A extends unknown[], R>(name: keyof InboxStore, fallback: (...args: A) => Promise<R>) =>
      (...args: A): Promise<R> => {
        calls++;
        const override = inner[name] as ((...args: A) => Promise<R>) | undefined;
        return override ? override(...args) : fallback(...args);
      };
    const store: InboxStore = {
      get: wrap('get', memory.get),
      set: wrap('set', memory.set),
      delete: wrap('delete', memory.delete),
      acquireLock: wrap('acquireLock', memory.acquireLock),
      releaseLock: wrap('releaseLock', memory.releaseLock),
    };
    return { store, calls: () => calls };
  };
  const never = () => new Promise<never>(() => {});

  it('a store that never answers is not waited on again during the outage', async () => {
    const hanging = counting({ get: never, set: never, delete: never, acquireLock: never, releaseLock: never });
    const onError = vi.fn();
    const handler = handlerFor({ store: hanging.store, storeTimeoutMs: 100, onError });
    expect((await handler(get())).status).toBe(200);
    const before = hanging.calls();
    expect((await handler(get('/api/inbox/summary?2'))).status).toBe(200);
    expect(hanging.calls()).toBe(before); // skipped: the fallback at once
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('a lock granted after its call timed out is released at once (nobody holds it)', async () => {
    const memory = createMemoryStore({ now: clock.now });
    const released: string[] = [];
    const store: InboxStore = {
      ...memory,
      acquireLock: async (key, ttlMs) => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return memory.acquireLock(key, ttlMs);
      },
      releaseLock: async (key, token) => {
        released.push(token);
        return memory.releaseLock(key, token);
      },
    };
    const handler = handlerFor({ store, storeTimeoutMs: 100, onError: () => {} });
    expect((await handler(get())).status).toBe(200);
    await until(() => released.length >= 2); // one lock per provider, each granted late
    const lockKey = storeKeys.readLock(standInClients(stub).cometchat.accountKey, 'superhero4');
    expect(await memory.get(lockKey)).toBeUndefined();
  });

  it('reports an outage once per kind of failure, whatever succeeds meanwhile, and then its recovery (defect 8)', async () => {
    let full = true;
    const oom = () =>
      Promise.reject(
        Object.assign(new Error('Redis store: SET failed'), {
          cause: new Error("OOM command not allowed when used memory > 'maxmemory'."),
        }),
      );
    const memory = createMemoryStore({ now: clock.now });
    const store: InboxStore = {
      get: memory.get,
      delete: memory.delete,
      releaseLock: memory.releaseLock,
      set: (...args) => (full ? oom() : memory.set(...args)),
      acquireLock: (...args) => (full ? oom() : memory.acquireLock(...args)),
    };
    const onError = vi.fn();
    const handler = handlerFor({ store, onError });
    for (let i = 0; i < 20; i++) {
      expect((await handler(get())).status).toBe(200);
      clock.advance(20_000);
    }
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'Redis store: SET failed' }), {
      source: 'store',
    });
    full = false;
    await handler(get());
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[1]).toEqual([
      expect.objectContaining({ name: 'StoreRecoveredError', kind: 'Error OOM' }),
      { source: 'store', recovered: true },
    ]);
  });
});
