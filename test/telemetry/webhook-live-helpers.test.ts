import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOtelApi } from '../../src/internal/telemetry-api.js';
import { METRIC_NAMES } from '../../src/internal/telemetry-instruments.js';
import { createHandlerTelemetry, type InboxHandlerEvent } from '../../src/internal/telemetry.js';
import { parentOf, registerTestSdk, type TestSdk } from './support/otel-sdk.js';

/** The helpers the webhook and live routes call (they are merged separately): their spans, metrics and events. */
let sdk: TestSdk;
let events: InboxHandlerEvent[];
let telemetry: ReturnType<typeof createHandlerTelemetry>;

beforeEach(async () => {
  expect(await loadOtelApi()).not.toBeNull();
  sdk = registerTestSdk();
  events = [];
  telemetry = createHandlerTelemetry((event) => events.push(event));
});
afterEach(() => sdk.shutdown());

describe('webhooks', () => {
  it('traceWebhook: a server span with trigger, deduplicated and users affected as a count, parent of the re-reads', async () => {
    const result = await telemetry.traceWebhook('cometchat', async (set) => {
      set({ trigger: 'message_sent', deduplicated: false, usersAffected: 2 });
      trace.getTracer('test').startSpan('re-read', {}, context.active()).end();
      return 'done';
    });
    expect(result).toBe('done');
    const webhook = sdk.spans().find((span) => span.name === 'webhook cometchat')!;
    expect(webhook.kind).toBe(SpanKind.SERVER);
    expect(webhook.attributes).toEqual({
      vendor: 'cometchat',
      'webhook.trigger': 'message_sent',
      'webhook.deduplicated': false,
      'webhook.users_affected': 2,
    });
    expect(parentOf(sdk.spans().find((span) => span.name === 're-read')!)).toBe(webhook.spanContext().spanId);
  });

  it('traceWebhook: a failure marks the span and is rethrown', async () => {
    await expect(telemetry.traceWebhook('commbox', async () => Promise.reject(new Error('bad body')))).rejects.toThrow(
      'bad body',
    );
    expect(sdk.spans()[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('webhookReceived and webhookDelivered: counted by vendor and outcome, latency in seconds, and reported to onEvent', async () => {
    telemetry.webhookReceived({ vendor: 'cometchat', outcome: 'accepted' });
    telemetry.webhookReceived({ vendor: 'cometchat', outcome: 'deduplicated' });
    telemetry.webhookReceived({ vendor: 'commbox', outcome: 'rejected' });
    telemetry.webhookDelivered({ vendor: 'cometchat', latencyMs: 250 });
    expect(await sdk.total(METRIC_NAMES.webhooks, { vendor: 'cometchat', outcome: 'accepted' })).toBe(1);
    expect(await sdk.total(METRIC_NAMES.webhooks, { vendor: 'cometchat', outcome: 'deduplicated' })).toBe(1);
    expect(await sdk.total(METRIC_NAMES.webhooks, { vendor: 'commbox', outcome: 'rejected' })).toBe(1);
    const latency = (await sdk.points()).find((point) => point.name === METRIC_NAMES.webhookDeliveryLatency)!;
    expect(latency.value).toMatchObject({ count: 1, sum: 0.25 });
    expect(events).toEqual([
      { type: 'webhook', vendor: 'cometchat', outcome: 'accepted' },
      { type: 'webhook', vendor: 'cometchat', outcome: 'deduplicated' },
      { type: 'webhook', vendor: 'commbox', outcome: 'rejected' },
      { type: 'webhook-delivered', vendor: 'cometchat', latencyMs: 250 },
    ]);
  });
});

describe('live connections', () => {
  it('an up-down counter: opened minus closed', async () => {
    telemetry.liveConnections.add(1);
    telemetry.liveConnections.add(1);
    telemetry.liveConnections.add(1);
    telemetry.liveConnections.add(-1);
    expect(await sdk.total(METRIC_NAMES.liveConnections)).toBe(2);
    expect(events.filter((event) => event.type === 'live')).toHaveLength(4);
  });
});

it('instruments made before the SDK registered still record once it does (the metrics API has no proxy)', async () => {
  await sdk.shutdown();
  telemetry.liveConnections.add(1); // no SDK: a no-op
  sdk = registerTestSdk();
  telemetry.liveConnections.add(1);
  expect(await sdk.total(METRIC_NAMES.liveConnections)).toBe(1);
});
