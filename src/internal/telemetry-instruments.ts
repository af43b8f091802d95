import type { Counter, Histogram, Meter, MeterProvider, UpDownCounter } from '@opentelemetry/api';
import type { OtelApi } from './telemetry-api.js';

/** The instrumentation scope of every span and metric of this package. */
export const INSTRUMENTATION_SCOPE = 'conversations-client';

/**
 * Every metric this package records. Attributes are low-cardinality only: `vendor`, `operation`
 * (an operationId, or `raw`), `http.response.status_class`, `outcome`, `cache`, `http.route`.
 * Durations are in seconds (OpenTelemetry's HTTP semantic conventions).
 */
export const METRIC_NAMES = {
  vendorCallDuration: 'conversations.vendor.call.duration',
  vendorCallRetries: 'conversations.vendor.call.retries',
  throttleWindows: 'conversations.vendor.throttle.windows',
  handlerRequestDuration: 'conversations.handler.request.duration',
  cacheLookups: 'conversations.cache.lookups',
  staleServed: 'conversations.cache.stale_served',
  storeOutages: 'conversations.store.outages',
  storeRecoveries: 'conversations.store.recoveries',
  webhooks: 'conversations.webhooks',
  webhookDeliveryLatency: 'conversations.webhook.delivery.latency',
  liveConnections: 'conversations.live.connections',
} as const;

/** The instruments, made from one meter. */
export interface Instruments {
  vendorCallDuration: Histogram;
  vendorCallRetries: Counter;
  throttleWindows: Counter;
  handlerRequestDuration: Histogram;
  cacheLookups: Counter;
  staleServed: Counter;
  storeOutages: Counter;
  storeRecoveries: Counter;
  webhooks: Counter;
  webhookDeliveryLatency: Histogram;
  liveConnections: UpDownCounter;
}

function create(meter: Meter): Instruments {
  const seconds = (name: string, description: string) => meter.createHistogram(name, { description, unit: 's' });
  const count = (name: string, description: string, unit: string) => meter.createCounter(name, { description, unit });
  return {
    vendorCallDuration: seconds(METRIC_NAMES.vendorCallDuration, 'Duration of a vendor call, retries and their waits included'),
    vendorCallRetries: count(METRIC_NAMES.vendorCallRetries, 'Retries of vendor calls', '{retry}'),
    throttleWindows: count(METRIC_NAMES.throttleWindows, 'Throttle windows opened after a vendor answered 429', '{window}'),
    handlerRequestDuration: seconds(METRIC_NAMES.handlerRequestDuration, 'Duration of an inbox handler request'),
    cacheLookups: count(METRIC_NAMES.cacheLookups, 'Lookups of a provider read by the handler, by cache outcome', '{lookup}'),
    staleServed: count(METRIC_NAMES.staleServed, 'Reads served stale while a vendor was throttled or failing', '{read}'),
    storeOutages: count(METRIC_NAMES.storeOutages, 'Outages of the shared store (once per outage and kind of failure)', '{outage}'),
    storeRecoveries: count(METRIC_NAMES.storeRecoveries, 'Recoveries of the shared store after an outage', '{recovery}'),
    webhooks: count(METRIC_NAMES.webhooks, 'Webhooks received, by outcome (accepted, rejected, deduplicated)', '{webhook}'),
    webhookDeliveryLatency: seconds(METRIC_NAMES.webhookDeliveryLatency, 'Time from a webhook received to its event written to a live connection'),
    liveConnections: meter.createUpDownCounter(METRIC_NAMES.liveConnections, { description: 'Live (SSE) connections held', unit: '{connection}' }),
  };
}

let provider: MeterProvider | undefined;
let instruments: Instruments | undefined;

/**
 * The instruments of the global meter provider, made again when it changes (the metrics API has no
 * proxy: instruments made before an SDK registers would stay no-ops forever).
 */
export function instrumentsOf(api: OtelApi): Instruments {
  const current = api.metrics.getMeterProvider();
  if (current !== provider || instruments === undefined) {
    instruments = create(current.getMeter(INSTRUMENTATION_SCOPE));
    provider = current;
  }
  return instruments;
}

/** `2xx` … `5xx` for a status, `none` when no response arrived. */
export const statusClass = (status: number | undefined): string => (status === undefined ? 'none' : `${Math.floor(status / 100)}xx`);
