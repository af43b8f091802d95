import type { Attributes, Context, Span, TextMapGetter } from '@opentelemetry/api';
import { installCallTelemetry } from '../core/telemetry-hook.js';
import type { Provider } from '../vendors/providers.js';

/** A vendor's id: one of the package's providers, or (through the adapter list) any other vendor's. */
type Vendor = Provider | (string & {});
import { otelApi, type OtelApi } from './telemetry-api.js';
import { instrumentsOf, isSdkRegistered, statusClass, tracerOf } from './telemetry-instruments.js';
import { otelVendorCall } from './telemetry-vendor-call.js';

/**
 * Traces every vendor client of this package (a client span per call, a child span per attempt, their
 * metrics) through `@opentelemetry/api`, when it is installed: no-ops until an SDK registers. `createInboxHandler`
 * calls it; call it yourself when you use the clients without a handler. The clients' own bundle carries no
 * telemetry code until then. Never throws.
 */
export function enableOpenTelemetry(): void {
  installCallTelemetry(otelVendorCall);
}

/** How a provider's read was served: from the cache, by a new vendor read, by joining one in flight, or stale data while the vendor is throttled or failing. */
export type CacheOutcome = 'hit' | 'miss' | 'coalesced' | 'stale';

/** What became of a received webhook. */
export type WebhookOutcome = 'accepted' | 'rejected' | 'deduplicated';

/**
 * What `onEvent` hears: the same facts as the OpenTelemetry spans and metrics, for applications without it.
 * Never carries a secret, a user id or conversation data.
 */
export type InboxHandlerEvent =
  /** A request answered: its route template (`/api/inbox/summary`), never the concrete path. */
  | {
      type: 'request';
      method: string;
      route: string;
      status: number;
      durationMs: number;
      cache?: CacheOutcome;
      providerFailures: number;
    }
  /** A provider's read for one request. */
  | { type: 'cache'; vendor: Vendor; outcome: CacheOutcome }
  /** A vendor answered 429: the account's reads wait `retryAfterMs`. */
  | { type: 'throttle'; vendor: Vendor; retryAfterMs: number }
  /** The shared store failed (once per outage and kind of failure), or recovered. */
  | { type: 'store'; outcome: 'outage' | 'recovered' }
  /** A webhook was received. */
  | { type: 'webhook'; vendor: Vendor; outcome: WebhookOutcome }
  /**
   * A change caused by a webhook was written to a live connection of this instance, `latencyMs` after the
   * webhook was received (on whichever instance): once per change and instance, however many connections got it.
   */
  | { type: 'webhook-delivered'; vendor: Vendor; latencyMs: number }
  /** A live connection opened (`delta: 1`) or closed (`-1`). */
  | { type: 'live'; delta: 1 | -1 };

/** One handler request's telemetry: what its providers' reads did. */
export interface RequestTelemetry {
  /** A provider's read was served as `outcome`. */
  cache(vendor: Vendor, outcome: CacheOutcome): void;
  /** The summary lists `count` provider failures. */
  providerFailures(count: number): void;
}

/** What a webhook's span learns while it is handled. */
export interface WebhookSpanAttributes {
  /** The vendor's event name (a fixed vocabulary such as `message_sent`; never an id). */
  trigger?: string;
  deduplicated?: boolean;
  /** How many users the webhook touched (a count, never the ids). */
  usersAffected?: number;
}

/**
 * The handler's telemetry: OpenTelemetry spans and metrics (when `@opentelemetry/api` is installed; no-ops
 * until an SDK registers) and the same facts as `onEvent` events. The webhook and live helpers are for the
 * webhook and live routes. No method throws, whatever `onEvent` does.
 */
export interface HandlerTelemetry {
  /**
   * Runs `handle` under a server span named after `route` (a template, never a concrete path), made the
   * active context so the vendor calls it makes are its children (its parent: the active span, else the
   * request's `traceparent`). Records the request's duration and reports a `request` event.
   */
  serve(request: Request, route: string, handle: (observed: RequestTelemetry) => Promise<Response>): Promise<Response>;
  /** A provider's read served as `outcome` (also counted as stale served when it is `stale`), on `request` when given. */
  cache(vendor: Vendor, outcome: CacheOutcome, request?: RequestTelemetry): void;
  /** A throttle window of `retryAfterMs` opened for a vendor account. */
  throttleOpened(vendor: Vendor, retryAfterMs: number): void;
  /** The shared store failed (`recovered: false`) or recovered. */
  store(recovered: boolean): void;
  /** A webhook was received, then accepted, rejected or deduplicated. */
  webhookReceived(event: { vendor: Vendor; outcome: WebhookOutcome }): void;
  /**
   * A change caused by a webhook was written to a live connection, `latencyMs` after the webhook arrived
   * (`conversations.webhook.delivery.latency`, in seconds, by `vendor` only). The live side calls it once per
   * change per instance (not once per connection), and never for a change no webhook caused.
   */
  webhookDelivered(event: { vendor: Vendor; latencyMs: number }): void;
  /**
   * Runs `handle` under a `webhook {vendor}` server span; the re-reads it starts are its children.
   * `handle` sets what it learns (trigger, deduplicated, users affected as a count) with `set`.
   */
  traceWebhook<T>(vendor: Vendor, handle: (set: (attributes: WebhookSpanAttributes) => void) => Promise<T>): Promise<T>;
  /** Live (SSE) connections held: `add(1)` when one opens, `add(-1)` when it closes. */
  liveConnections: { add(delta: 1 | -1): void };
}

const PRIORITY: readonly CacheOutcome[] = ['hit', 'coalesced', 'miss', 'stale'];
const headerGetter: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};
const ignore = (): void => undefined;

/** The context a request's span starts under: the active one when it has a span (an HTTP instrumentation's), else the request's `traceparent`. */
function parentOf(api: OtelApi, request: Request): Context {
  const active = api.context.active();
  return api.trace.getSpan(active) ? active : api.propagation.extract(active, request.headers, headerGetter);
}

/**
 * Makes the telemetry of one handler.
 * @param onEvent the handler's `onEvent` option: called synchronously with each event; what it throws is ignored
 */
export function createHandlerTelemetry(onEvent: ((event: InboxHandlerEvent) => void) | undefined): HandlerTelemetry {
  enableOpenTelemetry();
  const emit = onEvent
    ? (event: InboxHandlerEvent): void => {
        try {
          onEvent(event);
        } catch {
          // A failing listener must not fail the request.
        }
      }
    : ignore;
  const metrics = (use: (api: OtelApi) => void): void => {
    const api = otelApi();
    if (api) use(api);
  };

  return {
    async serve(request, route, handle) {
      const started = performance.now();
      const method = request.method;
      let cache: CacheOutcome | undefined;
      let failures = 0;
      const perVendor: Attributes = {};
      const observed: RequestTelemetry = {
        cache(vendor, outcome) {
          perVendor[`cache.${vendor}`] = outcome;
          if (cache === undefined || PRIORITY.indexOf(outcome) > PRIORITY.indexOf(cache)) cache = outcome;
        },
        providerFailures: (count) => void (failures += count),
      };
      const found = otelApi();
      const api = found && isSdkRegistered(found) ? found : undefined;
      let span: Span | undefined;
      let response: Response | undefined;
      try {
        if (!api) return (response = await handle(observed));
        const parent = parentOf(api, request);
        span = tracerOf(api).startSpan(
          `${method} ${route}`,
          { kind: api.SpanKind.SERVER, attributes: { 'http.request.method': method, 'http.route': route } },
          parent,
        );
        return (response = await api.context.with(api.trace.setSpan(parent, span), handle, undefined, observed));
      } finally {
        const status = response?.status ?? 500;
        const durationMs = performance.now() - started;
        if (api) {
          if (span?.isRecording()) {
            span.setAttributes({ 'http.response.status_code': status, 'provider.failures': failures, ...perVendor });
            if (cache) span.setAttribute('cache', cache);
            if (status >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
          }
          span?.end();
          const attributes: Attributes = {
            'http.request.method': method,
            'http.route': route,
            'http.response.status_class': statusClass(status),
          };
          if (cache) attributes.cache = cache;
          instrumentsOf(api).handlerRequestDuration.record(durationMs / 1000, attributes);
        }
        emit({
          type: 'request',
          method,
          route,
          status,
          durationMs,
          ...(cache ? { cache } : {}),
          providerFailures: failures,
        });
      }
    },
    cache(vendor, outcome, request) {
      request?.cache(vendor, outcome);
      metrics((api) => {
        const instruments = instrumentsOf(api);
        instruments.cacheLookups.add(1, { vendor, cache: outcome });
        if (outcome === 'stale') instruments.staleServed.add(1, { vendor });
      });
      emit({ type: 'cache', vendor, outcome });
    },
    throttleOpened(vendor, retryAfterMs) {
      metrics((api) => instrumentsOf(api).throttleWindows.add(1, { vendor }));
      emit({ type: 'throttle', vendor, retryAfterMs });
    },
    store(recovered) {
      metrics((api) => (recovered ? instrumentsOf(api).storeRecoveries : instrumentsOf(api).storeOutages).add(1));
      emit({ type: 'store', outcome: recovered ? 'recovered' : 'outage' });
    },
    webhookReceived({ vendor, outcome }) {
      metrics((api) => instrumentsOf(api).webhooks.add(1, { vendor, outcome }));
      emit({ type: 'webhook', vendor, outcome });
    },
    webhookDelivered({ vendor, latencyMs }) {
      metrics((api) => instrumentsOf(api).webhookDeliveryLatency.record(latencyMs / 1000, { vendor }));
      emit({ type: 'webhook-delivered', vendor, latencyMs });
    },
    async traceWebhook(vendor, handle) {
      const api = otelApi();
      if (!api) return handle(ignore);
      const parent = api.context.active();
      const span = tracerOf(api).startSpan(
        `webhook ${vendor}`,
        { kind: api.SpanKind.SERVER, attributes: { vendor } },
        parent,
      );
      const set = (attributes: WebhookSpanAttributes): void => {
        if (!span.isRecording()) return;
        if (attributes.trigger !== undefined) span.setAttribute('webhook.trigger', attributes.trigger);
        if (attributes.deduplicated !== undefined) span.setAttribute('webhook.deduplicated', attributes.deduplicated);
        if (attributes.usersAffected !== undefined)
          span.setAttribute('webhook.users_affected', attributes.usersAffected);
      };
      try {
        return await api.context.with(api.trace.setSpan(parent, span), handle, undefined, set);
      } catch (error) {
        span.setStatus({ code: api.SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
    liveConnections: {
      add(delta) {
        metrics((api) => instrumentsOf(api).liveConnections.add(delta));
        emit({ type: 'live', delta });
      },
    },
  };
}
