import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInboxHandler, createMemoryStore, type InboxStore } from '../../src/server/index.js';
import { manualClock, startVendorStandIn, standInClients, type VendorStandIn } from '../support/vendor-stand-in.js';

describe('createMemoryStore', () => {
  it('expires entries by their TTL on its clock', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ now: clock.now });
    await store.set('a', '1', 1_000);
    clock.advance(999);
    expect(await store.get('a')).toBe('1');
    clock.advance(1);
    expect(await store.get('a')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the least recently used first', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await store.set(key, key, 60_000);
    await store.get('a'); // a is now the most recently used
    await store.set('d', 'd', 60_000);
    expect(await store.get('b')).toBeUndefined();
    expect([await store.get('a'), await store.get('c'), await store.get('d')]).toEqual(['a', 'c', 'd']);
  });

  it('deletes, and a zero TTL stores nothing', async () => {
    const store = createMemoryStore();
    await store.set('a', '1', 1_000);
    await store.delete('a');
    await store.set('b', '1', 0);
    expect([await store.get('a'), await store.get('b')]).toEqual([undefined, undefined]);
  });

  it('a lock is held once until released by its token or expired', async () => {
    const clock = manualClock();
    const store = createMemoryStore({ now: clock.now });
    const token = await store.acquireLock('lock', 1_000);
    expect(token).toEqual(expect.any(String));
    expect(await store.acquireLock('lock', 1_000)).toBeUndefined();
    await store.releaseLock('lock', 'not-the-token');
    expect(await store.acquireLock('lock', 1_000)).toBeUndefined();
    await store.releaseLock('lock', token!);
    const second = await store.acquireLock('lock', 1_000);
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(token);
    clock.advance(1_000);
    expect(await store.acquireLock('lock', 1_000)).toEqual(expect.any(String));
  });

  it('refuses a bad maxEntries, naming it', () => {
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});

describe('the handler with a store that fails', () => {
  let stub: VendorStandIn;
  beforeEach(async () => {
    stub = await startVendorStandIn();
  });
  afterEach(() => stub.close());

  const handlerWith = (store: InboxStore, onError = vi.fn()) => {
    const clients = standInClients(stub);
    return createInboxHandler({
      cometchat: { client: clients.cometchat },
      resolveUser: () => ({ cometchat: { uid: 'superhero4' } }),
      store,
      storeTimeoutMs: 200,
      onError,
    });
  };
  const summary = () => new Request('http://site.test/api/inbox/summary');

  it('answers every request from the vendors, coalesced per process, and reports the outage once', async () => {
    const broken: InboxStore = {
      get: () => Promise.reject(new Error('ECONNREFUSED')),
      set: () => Promise.reject(new Error('ECONNREFUSED')),
      delete: () => Promise.reject(new Error('ECONNREFUSED')),
      acquireLock: () => Promise.reject(new Error('ECONNREFUSED')),
      releaseLock: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const onError = vi.fn();
    const handler = handlerWith(broken, onError);
    const responses = await Promise.all(Array.from({ length: 20 }, () => handler(summary())));
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    expect((await responses[0]!.json()).byProvider.cometchat).toBe(5);
    expect(stub.calls.cometchat).toBe(1);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'ECONNREFUSED' }), { source: 'store' });
  });

  it('treats a store that never answers as no shared state', async () => {
    const hanging: InboxStore = {
      get: () => new Promise(() => {}),
      set: () => new Promise(() => {}),
      delete: () => new Promise(() => {}),
      acquireLock: () => new Promise(() => {}),
      releaseLock: () => new Promise(() => {}),
    };
    const onError = vi.fn();
    const response = await handlerWith(hanging, onError)(summary());
    expect(response.status).toBe(200);
    expect(onError.mock.calls[0]?.[0]).toMatchObject({ name: 'StoreTimeoutError' });
  });

  it('a store that recovers ends the outage: the next failure is reported again', async () => {
    let down = true;
    const memory = createMemoryStore();
    const flaky: InboxStore = {
      get: (key) => (down ? Promise.reject(new Error('down')) : memory.get(key)),
      set: (key, value, ttl) => (down ? Promise.reject(new Error('down')) : memory.set(key, value, ttl)),
      delete: (key) => (down ? Promise.reject(new Error('down')) : memory.delete(key)),
      acquireLock: (key, ttl) => (down ? Promise.reject(new Error('down')) : memory.acquireLock(key, ttl)),
      releaseLock: (key, token) => (down ? Promise.reject(new Error('down')) : memory.releaseLock(key, token)),
    };
    const onError = vi.fn();
    const handler = handlerWith(flaky, onError);
    await handler(summary());
    down = false;
    await handler(summary());
    down = true;
    await handler(new Request('http://site.test/api/inbox/summary?again'));
    // the outage, its end (issue 23: recovery is reported), the next outage
    expect(onError).toHaveBeenCalledTimes(3);
    expect(onError.mock.calls.map(([error, context]) => [error.name, context])).toEqual([
      ['Error', { source: 'store' }],
      ['StoreRecoveredError', { source: 'store', recovered: true }],
      ['Error', { source: 'store' }],
    ]);
  });
});

describe('two instances sharing a store', () => {
  let stub: VendorStandIn;
  beforeEach(async () => {
    stub = await startVendorStandIn();
  });
  afterEach(() => stub.close());

  it('concurrent summaries on both make one vendor call per provider', async () => {
    const store = createMemoryStore();
    const instance = () => {
      const clients = standInClients(stub); // each instance builds its own clients: same account key
      return createInboxHandler({
        commbox: { client: clients.commbox },
        cometchat: { client: clients.cometchat },
        resolveUser: () => ({ commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } }),
        store,
      });
    };
    const [a, b] = [instance(), instance()];
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) => (index % 2 ? a : b)(new Request('http://site.test/api/inbox/summary'))),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(bodies.every((body) => body.total === 9)).toBe(true);
    expect(stub.calls).toMatchObject({ commbox: 1, cometchat: 1 });
  });
});
