import type {
  Counter,
  Histogram,
  Meter,
  MeterProvider,
  Tracer,
  TracerProvider,
  UpDownCounter,
} from '@opentelemetry/api';
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
    vendorCallDuration: seconds(
      METRIC_NAMES.vendorCallDuration,
      'Duration of a vendor call, retries and their waits included',
    ),
    vendorCallRetries: count(METRIC_NAMES.vendorCallRetries, 'Retries of vendor calls', '{retry}'),
    throttleWindows: count(
      METRIC_NAMES.throttleWindows,
      'Throttle windows opened after a vendor answered 429',
      '{window}',
    ),
    handlerRequestDuration: seconds(METRIC_NAMES.handlerRequestDuration, 'Duration of an inbox handler request'),
    cacheLookups: count(
      METRIC_NAMES.cacheLookups,
      'Lookups of a provider read by the handler, by cache outcome',
      '{lookup}',
    ),
    staleServed: count(
      METRIC_NAMES.staleServed,
      'Reads served stale while a vendor was throttled or failing',
      '{read}',
    ),
    storeOutages: count(
      METRIC_NAMES.storeOutages,
      'Outages of the shared store (once per outage and kind of failure)',
      '{outage}',
    ),
    storeRecoveries: count(
      METRIC_NAMES.storeRecoveries,
      'Recoveries of the shared store after an outage',
      '{recovery}',
    ),
    webhooks: count(
      METRIC_NAMES.webhooks,
      'Webhooks received, by outcome (accepted, rejected, deduplicated)',
      '{webhook}',
    ),
    webhookDeliveryLatency: seconds(
      METRIC_NAMES.webhookDeliveryLatency,
      'Time from a webhook received to its event written to a live connection',
    ),
    liveConnections: meter.createUpDownCounter(METRIC_NAMES.liveConnections, {
      description: 'Live (SSE) connections held',
      unit: '{connection}',
    }),
  };
}

/** The package's tracer, made again when the global tracer provider changes (`trace.disable()` replaces its proxy). */
export function tracerOf(api: OtelApi): Tracer {
  const provider = api.trace.getTracerProvider();
  if (tracer?.provider !== provider) tracer = { provider, tracer: provider.getTracer(INSTRUMENTATION_SCOPE) };
  return tracer.tracer;
}
let tracer: { provider: TracerProvider; tracer: Tracer } | undefined;

let provider: MeterProvider | undefined;
let instruments: Instruments | undefined;
let noopMeters = false;
let noopTracerProvider: unknown;

/**
 * Where `@opentelemetry/api` 1.x keeps what an SDK registered (`registerGlobal`): a new tracer or meter provider,
 * `trace.disable()` and `metrics.disable()` each replace or delete an entry, so the entries' identities say
 * whether the answer below can have changed.
 */
const OTEL_GLOBALS = Symbol.for('opentelemetry.js.api.1');
let checked: { trace: unknown; metrics: unknown; registered: boolean } | undefined;

/**
 * Whether an SDK registered a tracer provider or a meter provider. When neither did, the callers skip
 * every span and metric call: with `@opentelemetry/api` installed and no SDK, a call costs one read of the
 * API's global registry (the full check runs again only when its entries change).
 */
export function isSdkRegistered(api: OtelApi): boolean {
  const globals = (globalThis as { [OTEL_GLOBALS]?: { trace?: unknown; metrics?: unknown } })[OTEL_GLOBALS];
  if (checked !== undefined && checked.trace === globals?.trace && checked.metrics === globals?.metrics)
    return checked.registered;
  const registered = sdkRegistered(api);
  checked = { trace: globals?.trace, metrics: globals?.metrics, registered };
  return registered;
}

function sdkRegistered(api: OtelApi): boolean {
  if (api.metrics.getMeterProvider() !== provider) instrumentsOf(api);
  if (!noopMeters) return true;
  noopTracerProvider ??= new api.ProxyTracerProvider().getDelegate();
  const tracers = api.trace.getTracerProvider() as { getDelegate?: () => unknown };
  return typeof tracers.getDelegate !== 'function' || tracers.getDelegate() !== noopTracerProvider;
}

/**
 * The instruments of the global meter provider, made again when it changes (the metrics API has no
 * proxy: instruments made before an SDK registers would stay no-ops forever).
 */
export function instrumentsOf(api: OtelApi): Instruments {
  const current = api.metrics.getMeterProvider();
  if (current !== provider || instruments === undefined) {
    const meter = current.getMeter(INSTRUMENTATION_SCOPE);
    noopMeters = meter === api.createNoopMeter();
    instruments = create(meter);
    provider = current;
  }
  return instruments;
}

/** `2xx` … `5xx` for a status, `none` when no response arrived. */
export const statusClass = (status: number | undefined): string =>
  status === undefined ? 'none' : `${Math.floor(status / 100)}xx`;
