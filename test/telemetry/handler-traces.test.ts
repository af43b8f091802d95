import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOtelApi } from '../../src/internal/telemetry-api.js';
import { METRIC_NAMES } from '../../src/internal/telemetry-instruments.js';
import {
  createInboxHandler,
  enableOpenTelemetry,
  type InboxHandlerEvent,
  type InboxHandlerOptions,
} from '../../src/server/index.js';
import {
  manualClock,
  startVendorStub,
  stubClients,
  throttled,
  type VendorStub,
} from '../server/support/vendor-stub.js';
import { parentOf, registerTestSdk, type TestSdk } from './support/otel-sdk.js';

const USER = { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } };

let stub: VendorStub;
let sdk: TestSdk;
let clock: ReturnType<typeof manualClock>;
let events: InboxHandlerEvent[];

beforeEach(async () => {
  expect(await loadOtelApi()).not.toBeNull();
  sdk = registerTestSdk();
  stub = await startVendorStub();
  clock = manualClock();
  events = [];
});
afterEach(async () => {
  await stub.close();
  await sdk.shutdown();
});

function handlerFor(options: Partial<InboxHandlerOptions> = {}) {
  const clients = stubClients(stub);
  return createInboxHandler({
    commbox: { client: clients.commbox },
    cometchat: { client: clients.cometchat },
    resolveUser: () => USER,
    now: clock.now,
    onEvent: (event) => events.push(event),
    ...options,
  });
}

const get = (headers: Record<string, string> = {}) => new Request('http://site.test/api/inbox/summary', { headers });
const serverSpans = () => sdk.spans().filter((span) => span.kind === SpanKind.SERVER);
const vendorSpans = () => sdk.spans().filter((span) => span.kind === SpanKind.CLIENT);
const attemptsOf = (call: ReadableSpan) =>
  sdk.spans().filter((span) => span.kind === SpanKind.INTERNAL && parentOf(span) === call.spanContext().spanId);

describe('a cold summary', () => {
  it('is one server span with a client span per vendor read under it, each with one attempt span', async () => {
    expect((await handlerFor()(get())).status).toBe(200);
    const [server, ...moreServers] = serverSpans();
    expect(moreServers).toEqual([]);
    expect(server!.name).toBe('GET /api/inbox/summary');
    expect(server!.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/api/inbox/summary',
      'http.response.status_code': 200,
      cache: 'miss',
      'cache.commbox': 'miss',
      'cache.cometchat': 'miss',
      'provider.failures': 0,
    });

    const calls = vendorSpans();
    expect(calls.map((span) => span.attributes.vendor).sort()).toEqual(['cometchat', 'commbox']);
    for (const call of calls) {
      expect(parentOf(call)).toBe(server!.spanContext().spanId);
      expect(call.spanContext().traceId).toBe(server!.spanContext().traceId);
      expect(call.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'http.request.resend_count': 0,
      });
      expect(call.status.code).not.toBe(SpanStatusCode.ERROR);
      const attempts = attemptsOf(call);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.attributes).toMatchObject({
        'http.request.resend_count': 0,
        'http.response.status_code': 200,
      });
    }
    const cometchat = calls.find((span) => span.attributes.vendor === 'cometchat')!;
    expect(cometchat.name).toBe('GET /conversations');
    expect(cometchat.attributes).toMatchObject({ operation: 'listConversations', 'url.template': '/conversations' });
    const commbox = calls.find((span) => span.attributes.vendor === 'commbox')!;
    expect(commbox.attributes['url.template']).toMatch(/\{[A-Za-z_]+\}/); // a template, not the user's id
  });

  it('records the vendor call durations, the cache misses and the request duration', async () => {
    await handlerFor()(get());
    expect(
      await sdk.total(METRIC_NAMES.vendorCallDuration, {
        vendor: 'cometchat',
        operation: 'listConversations',
        'http.response.status_class': '2xx',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(await sdk.total(METRIC_NAMES.vendorCallDuration, { vendor: 'commbox', outcome: 'ok' })).toBe(1);
    expect(await sdk.total(METRIC_NAMES.cacheLookups, { cache: 'miss' })).toBe(2);
    expect(
      await sdk.total(METRIC_NAMES.handlerRequestDuration, {
        'http.route': '/api/inbox/summary',
        'http.response.status_class': '2xx',
        cache: 'miss',
      }),
    ).toBe(1);
    const units = new Map((await sdk.points()).map((point) => [point.name, point.unit]));
    expect(units.get(METRIC_NAMES.vendorCallDuration)).toBe('s');
  });

  it('continues the trace of the request’s traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await handlerFor()(get({ traceparent: `00-${traceId}-${parentId}-01` }));
    const [server] = serverSpans();
    expect(server!.spanContext().traceId).toBe(traceId);
    expect(parentOf(server!)).toBe(parentId);
    expect(vendorSpans().every((span) => span.spanContext().traceId === traceId)).toBe(true);
  });
});

describe('a cached summary', () => {
  it('is a server span marked cache=hit with no vendor call under it', async () => {
    const handler = handlerFor();
    await handler(get());
    const before = sdk.spans().length;
    clock.advance(1_000);
    expect((await handler(get())).status).toBe(200);
    const fresh = sdk.spans().slice(before);
    expect(fresh.map((span) => span.kind)).toEqual([SpanKind.SERVER]);
    expect(fresh[0]!.attributes).toMatchObject({
      cache: 'hit',
      'http.response.status_code': 200,
      'provider.failures': 0,
    });
    expect(await sdk.total(METRIC_NAMES.cacheLookups, { cache: 'hit' })).toBe(2);
    expect(
      events.filter((event) => event.type === 'request').map((event) => (event as { cache?: string }).cache),
    ).toEqual(['miss', 'hit']);
  });

  it('joins a read in flight as cache=coalesced', async () => {
    let release!: () => void;
    stub.answers.cometchat = { ...stub.answers.cometchat, hold: new Promise<void>((resolve) => (release = resolve)) };
    const handler = handlerFor({ resolveUser: () => ({ cometchat: { uid: 'superhero4' } }) });
    const first = handler(get());
    const second = handler(get());
    while (stub.calls.cometchat === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    release();
    await Promise.all([first, second]);
    expect(stub.calls.cometchat).toBe(1);
    expect(
      serverSpans()
        .map((span) => span.attributes.cache)
        .sort(),
    ).toEqual(['coalesced', 'miss']);
    expect(await sdk.total(METRIC_NAMES.cacheLookups, { vendor: 'cometchat', cache: 'coalesced' })).toBe(1);
  });
});

describe('a throttled summary', () => {
  it('marks the vendor span 429 with retry_after_ms, serves stale, and counts the throttle window', async () => {
    const handler = handlerFor({ cacheTtlMs: 15_000 });
    await handler(get());
    clock.advance(20_000);
    stub.answers.cometchat = throttled(30);
    const before = sdk.spans().length;
    const response = await handler(get());
    expect(response.status).toBe(200);

    const fresh = sdk.spans().slice(before);
    const server = fresh.find((span) => span.kind === SpanKind.SERVER)!;
    expect(server.attributes).toMatchObject({
      cache: 'stale',
      'cache.cometchat': 'stale',
      'cache.commbox': 'miss',
      'provider.failures': 1,
    });
    const call = fresh.find((span) => span.kind === SpanKind.CLIENT && span.attributes.vendor === 'cometchat')!;
    expect(parentOf(call)).toBe(server.spanContext().spanId);
    expect(call.attributes).toMatchObject({
      'http.response.status_code': 429,
      retry_after_ms: 30_000,
      'error.type': '429',
      'http.request.resend_count': 0,
    });
    expect(call.status.code).toBe(SpanStatusCode.ERROR);

    expect(await sdk.total(METRIC_NAMES.throttleWindows, { vendor: 'cometchat' })).toBe(1);
    expect(await sdk.total(METRIC_NAMES.staleServed, { vendor: 'cometchat' })).toBe(1);
    expect(
      await sdk.total(METRIC_NAMES.vendorCallDuration, {
        vendor: 'cometchat',
        'http.response.status_class': '4xx',
        outcome: 'throttled',
      }),
    ).toBe(1);
    expect(events).toContainEqual({ type: 'throttle', vendor: 'cometchat', retryAfterMs: 30_000 });

    // While the window is open: no call, stale data, no new window.
    clock.advance(1_000);
    await handler(get());
    expect(stub.calls.cometchat).toBe(2);
    expect(await sdk.total(METRIC_NAMES.throttleWindows, { vendor: 'cometchat' })).toBe(1);
    expect(await sdk.total(METRIC_NAMES.staleServed, { vendor: 'cometchat' })).toBe(2);
  });
});

describe('retries of a direct client call', () => {
  it('are child attempt spans of one client span, with the resend count and the retries counted', async () => {
    enableOpenTelemetry(); // no handler here: the clients are traced once this is called
    stub.answers.cometchat = throttled(0);
    const { cometchat } = stubClients(stub);
    await expect(cometchat.listConversations({}, { onBehalfOf: 'superhero4', maxRetries: 2 })).rejects.toMatchObject({
      status: 429,
    });
    const [call, ...more] = vendorSpans();
    expect(more).toEqual([]);
    expect(parentOf(call!)).toBeUndefined();
    expect(call!.attributes).toMatchObject({ 'http.request.resend_count': 2, 'http.response.status_code': 429 });
    expect(call!.events.filter((event) => event.name === 'retry')).toHaveLength(2);
    expect(
      attemptsOf(call!)
        .map((span) => span.attributes['http.request.resend_count'])
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(
      await sdk.total(METRIC_NAMES.vendorCallRetries, {
        vendor: 'cometchat',
        operation: 'listConversations',
        outcome: 'throttled',
      }),
    ).toBe(2);
  });
});

describe('mark read', () => {
  it('is named by its route template, never by the conversation id', async () => {
    const response = await handlerFor()(
      new Request('http://site.test/api/inbox/conversations/cometchat/superhero3_user_superhero4/read', {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin' },
      }),
    );
    expect(response.status).toBeLessThan(300);
    const [server] = serverSpans();
    expect(server!.name).toBe('POST /api/inbox/conversations/{provider}/{id}/read');
    const call = vendorSpans().find((span) => span.attributes['http.request.method'] === 'POST')!;
    expect(call.attributes).toMatchObject({
      vendor: 'cometchat',
      operation: expect.stringMatching(/^mark(User|Group)ConversationRead$/),
    });
    expect(call.attributes['url.template']).toMatch(/^\/(users|groups)\/\{\w+\}\/conversation\/read$/);
    expect(parentOf(call)).toBe(server!.spanContext().spanId);
  });
});
