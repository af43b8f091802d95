import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadOtelApi, otelApi, setOtelApiForTests } from '../../src/internal/telemetry-api.js';
import {
  createInboxHandler,
  createMemoryStore,
  type InboxHandlerEvent,
  type InboxStore,
} from '../../src/server/index.js';
import {
  manualClock,
  startVendorStub,
  stubClients,
  throttled,
  type VendorStub,
} from '../server/support/vendor-stub.js';

let stub: VendorStub;

beforeEach(async () => {
  setOtelApiForTests(null); // as if @opentelemetry/api were not installed
  stub = await startVendorStub();
});
afterEach(async () => {
  setOtelApiForTests(undefined);
  await stub.close();
});

it('serves, retries and reports every event through onEvent when @opentelemetry/api is not installed', async () => {
  expect(otelApi()).toBeUndefined();
  const clock = manualClock();
  const events: InboxHandlerEvent[] = [];
  let storeDown = false;
  const memory = createMemoryStore({ now: clock.now });
  const store = Object.fromEntries(
    (['get', 'set', 'delete', 'acquireLock', 'releaseLock'] as const).map((method) => [
      method,
      async (...args: unknown[]) => {
        if (storeDown) throw new Error('store down');
        return (memory[method] as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  ) as unknown as InboxStore;
  const clients = stubClients(stub);
  const handler = createInboxHandler({
    commbox: { client: clients.commbox },
    cometchat: { client: clients.cometchat },
    resolveUser: () => ({ commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } }),
    now: clock.now,
    store,
    onEvent: (event) => events.push(event),
  });
  const summary = () => handler(new Request('http://site.test/api/inbox/summary'));

  expect((await summary()).status).toBe(200);
  clock.advance(1_000);
  await summary();
  clock.advance(20_000);
  stub.answers.cometchat = throttled(30);
  await summary();
  storeDown = true;
  await summary(); // this process's own store has no read to serve stale: still throttled, nothing to show

  storeDown = false;
  clock.advance(20_000); // CommBox is read and written back again: every store operation that failed succeeds
  await summary();

  const requests = events.filter((event) => event.type === 'request');
  expect(requests.map((event) => event.cache)).toEqual(['miss', 'hit', 'stale', 'miss', 'stale']);
  expect(
    requests.every((event) => event.route === '/api/inbox/summary' && event.status === 200 && event.durationMs >= 0),
  ).toBe(true);
  expect(requests.map((event) => event.providerFailures)).toEqual([0, 0, 1, 1, 1]);
  expect(events).toContainEqual({ type: 'throttle', vendor: 'cometchat', retryAfterMs: 30_000 });
  expect(events.filter((event) => event.type === 'store').map((event) => event.outcome)).toEqual([
    'outage',
    'recovered',
  ]);
  expect(
    events
      .filter((event) => event.type === 'cache' && event.vendor === 'cometchat')
      .map((event) => event.type === 'cache' && event.outcome),
  ).toEqual(['miss', 'hit', 'stale', 'miss', 'stale']);
});

it('a throwing onEvent never fails a request', async () => {
  const clients = stubClients(stub);
  const handler = createInboxHandler({
    cometchat: { client: clients.cometchat },
    resolveUser: () => ({ cometchat: { uid: 'superhero4' } }),
    onEvent: () => {
      throw new Error('listener failed');
    },
  });
  expect((await handler(new Request('http://site.test/api/inbox/summary'))).status).toBe(200);
});

it('rejects an onEvent that is not a function, naming it', () => {
  const clients = stubClients(stub);
  expect(() =>
    createInboxHandler({ cometchat: { client: clients.cometchat }, resolveUser: () => null, onEvent: 'log' as never }),
  ).toThrow(/onEvent/);
});

it('finds the API again once it is installed (the lookup is lazy)', async () => {
  setOtelApiForTests(undefined);
  const api = await loadOtelApi();
  expect(api).not.toBeNull();
  expect(typeof otelApi()?.trace.getTracer).toBe('function');
});
