import { SpanKind } from '@opentelemetry/api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadOtelApi } from '../../src/internal/telemetry-api.js';
import { METRIC_NAMES } from '../../src/internal/telemetry-instruments.js';
import { createInboxHandler, type InboxHandlerEvent } from '../../src/server/index.js';
import { startVendorStub, stubClients, type VendorStub } from '../server/support/vendor-stub.js';
import { registerTestSdk, type TestSdk } from './support/otel-sdk.js';

const PASSWORD = 'webhook-password-Zq9xV7mK2';
const UID = 'cometchat-uid-2';
const sent = readFileSync(
  join(import.meta.dirname, '..', 'webhooks', 'fixtures', 'cometchat', 'message_sent.json'),
  'utf8',
);

let stub: VendorStub;
let sdk: TestSdk;
let events: InboxHandlerEvent[];

beforeEach(async () => {
  expect(await loadOtelApi()).not.toBeNull();
  sdk = registerTestSdk();
  stub = await startVendorStub();
  events = [];
});
afterEach(async () => {
  await stub.close();
  await sdk.shutdown();
});

function handler() {
  return createInboxHandler({
    cometchat: { client: stubClients(stub).cometchat },
    resolveUser: () => ({ cometchat: { uid: UID } }),
    webhooks: { cometchat: { username: 'cometchat', password: PASSWORD } },
    onEvent: (event) => events.push(event),
  });
}

const webhook = (password = PASSWORD) =>
  new Request('http://site.test/api/inbox/webhooks/cometchat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`cometchat:${password}`)}` },
    body: sent,
  });

it('a webhook is a server span named after its vendor, with its trigger, users as a count and no id or password; counted by outcome', async () => {
  const inbox = handler();
  expect((await inbox(webhook())).status).toBe(200);
  expect((await inbox(webhook())).status).toBe(200); // the same delivery again: deduplicated
  expect((await inbox(webhook('wrong-password-000000'))).status).toBe(401);
  await inbox.changes.settled();

  const spans = sdk.spans().filter((span) => span.kind === SpanKind.SERVER && span.name === 'webhook cometchat');
  expect(spans).toHaveLength(3);
  expect(spans[0]!.attributes).toMatchObject({
    vendor: 'cometchat',
    'webhook.trigger': 'message_sent',
    'webhook.users_affected': 2,
    'webhook.deduplicated': false,
  });
  expect(spans[1]!.attributes).toMatchObject({ 'webhook.deduplicated': true });
  expect(await sdk.total(METRIC_NAMES.webhooks, { vendor: 'cometchat', outcome: 'accepted' })).toBe(1);
  expect(await sdk.total(METRIC_NAMES.webhooks, { vendor: 'cometchat', outcome: 'deduplicated' })).toBe(1);
  expect(await sdk.total(METRIC_NAMES.webhooks, { vendor: 'cometchat', outcome: 'rejected' })).toBe(1);

  const everything = JSON.stringify([
    sdk.spans().map((span) => [span.name, span.attributes, span.events]),
    await sdk.points(),
    events,
  ]);
  for (const secret of [PASSWORD, btoa(`cometchat:${PASSWORD}`), 'cometchat-uid-1', UID])
    expect(everything).not.toContain(secret);
});

it('live connections are an up-down counter: +1 when a stream opens, back to 0 when the client goes away', async () => {
  const inbox = handler();
  const gone = new AbortController();
  const response = await inbox(new Request('http://site.test/api/inbox/events', { signal: gone.signal }));
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  expect(await sdk.total(METRIC_NAMES.liveConnections)).toBe(1);
  gone.abort();
  await response.body?.cancel().catch(() => undefined);
  expect(await sdk.total(METRIC_NAMES.liveConnections)).toBe(0);
  inbox.closeLive();
});
