import { afterEach, beforeEach, expect, it } from 'vitest';
import { createCometChatClient } from 'conversations-client';
import { loadOtelApi } from '../../src/internal/telemetry-api.js';
import { createInboxHandler, createMemoryStore, type InboxStore } from '../../src/server/index.js';
import {
  cometchatInbox,
  manualClock,
  ok,
  startVendorStub,
  throttled,
  type VendorStub,
} from '../server/support/vendor-stub.js';
import { createCommBoxClient } from 'conversations-client';
import { registerTestSdk, type TestSdk } from './support/otel-sdk.js';

/** Distinctive secrets and personal ids: none may appear in any span, metric point, event or error report. */
const TOKEN = 'cbx-tok-QX7v9Zr2-secret';
const API_KEY = 'ccak-Lm4Pq8Ws1-secret';
const USER_IDENTITY_ID = 73920541;
const UID = 'uid-personal-8c1d7e';
const CONVERSATION = `conv_${UID}`;
const NEEDLES = [TOKEN, API_KEY, String(USER_IDENTITY_ID), UID];

let stub: VendorStub;
let sdk: TestSdk;

beforeEach(async () => {
  expect(await loadOtelApi()).not.toBeNull();
  sdk = registerTestSdk();
  stub = await startVendorStub();
});
afterEach(async () => {
  await stub.close();
  await sdk.shutdown();
});

it('no token, API key, user id or conversation id appears in any span, metric point, onEvent event or onError report', async () => {
  const clock = manualClock();
  const reports: unknown[] = [];
  const inbox = cometchatInbox() as {
    data: { conversationId: string; conversationType: string; conversationWith: { uid?: string } }[];
  };
  // The visitor's own conversation carries the personal id, so mark-read's path does too.
  inbox.data[0]!.conversationId = CONVERSATION;
  stub.answers.cometchat = ok(inbox);
  let storeDown = false;
  const memory = createMemoryStore({ now: clock.now });
  const flaky = (method: keyof InboxStore) =>
    (async (...args: unknown[]) => {
      if (storeDown) throw new Error('store down'); // a store error of its own naming no key (keys hold user ids)
      return (memory[method] as (...a: unknown[]) => unknown)(...args);
    }) as never;
  const store: InboxStore = {
    get: flaky('get'),
    set: flaky('set'),
    delete: flaky('delete'),
    acquireLock: flaky('acquireLock'),
    releaseLock: flaky('releaseLock'),
  };
  const commbox = createCommBoxClient({ token: TOKEN, baseUrl: `${stub.url}/commbox`, maxRetries: 1 });
  const cometchat = createCometChatClient({
    appId: 'demo',
    region: 'eu',
    apiKey: API_KEY,
    baseUrl: `${stub.url}/cometchat`,
    maxRetries: 1,
  });
  const handler = createInboxHandler({
    commbox: { client: commbox },
    cometchat: { client: cometchat },
    resolveUser: () => ({ commbox: { userIdentityId: USER_IDENTITY_ID }, cometchat: { uid: UID } }),
    now: clock.now,
    store,
    onEvent: (event) => reports.push(event),
    onError: (error, context) => reports.push({ message: error.message, name: error.name, context }),
  });
  const summary = () =>
    handler(new Request('http://site.test/api/inbox/summary', { headers: { cookie: `session=${UID}` } }));

  expect((await summary()).status).toBe(200); // cold
  clock.advance(1_000);
  await summary(); // cached
  clock.advance(20_000);
  stub.answers.commbox = throttled(30);
  await summary(); // throttled, stale
  storeDown = true;
  clock.advance(20_000);
  stub.answers.commbox = { status: 500, body: { message: `no user ${USER_IDENTITY_ID}` } };
  await summary(); // store outage, vendor error
  storeDown = false;
  await summary(); // store recovered
  const markRead = await handler(
    new Request(`http://site.test/api/inbox/conversations/cometchat/${encodeURIComponent(CONVERSATION)}/read`, {
      method: 'POST',
      headers: { 'sec-fetch-site': 'same-origin' },
    }),
  );
  expect(markRead.status).toBeLessThan(500);
  // A raw call with the personal id in its path.
  await cometchat.raw.GET('/users/{uid}/conversation', { params: { path: { uid: UID }, header: { onBehalfOf: UID } } });

  const spans = sdk.spans();
  const points = await sdk.points();
  expect(spans.length).toBeGreaterThan(10);
  expect(points.length).toBeGreaterThan(5);
  expect(reports.some((report) => (report as { type?: string }).type === 'store')).toBe(true);
  expect(spans.some((span) => span.attributes.operation === 'raw')).toBe(true);

  const exported = JSON.stringify({
    spans: spans.map((span) => ({
      name: span.name,
      attributes: span.attributes,
      events: span.events,
      status: span.status,
      links: span.links,
    })),
    points,
    reports,
  });
  for (const needle of NEEDLES) expect(exported).not.toContain(needle);
  expect(exported).not.toContain('conv_');
});
