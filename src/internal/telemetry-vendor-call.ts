import type { Attributes, Context, Span } from '@opentelemetry/api';
import { otelApi, type OtelApi } from './telemetry-api.js';
import { instrumentsOf, isSdkRegistered, statusClass, tracerOf } from './telemetry-instruments.js';
import { retryAfterMs } from '../core/retry-policy.js';
import type { VendorCallTrace } from '../core/telemetry-hook.js';
import type { CallContext, OutgoingRequest } from '../core/transport.js';

/** What a finished attempt or call answered: a response's status and headers, or the error it ended with. */
type Outcome = { status: number; headers: Headers } | unknown;

/** An operationId as the facade names it; anything else (a `raw` call's `METHOD /concrete/path`) may carry ids, so it is reported as `raw`. */
const OPERATION_ID = /^[A-Za-z_][\w.-]{0,99}$/;

/** The low-cardinality name of the call's operation: its operationId, or `raw`. */
export const operationName = (operation: string): string => (OPERATION_ID.test(operation) ? operation : 'raw');

const isResponse = (outcome: Outcome): outcome is { status: number; headers: Headers } =>
  typeof outcome === 'object' &&
  outcome !== null &&
  typeof (outcome as { status?: unknown }).status === 'number' &&
  (outcome as { headers?: unknown }).headers instanceof Headers;

/** `ok`, `throttled`, `http_error`, `timeout`, `network`, `aborted` or `error`: what became of an attempt or call. */
function outcomeOf(outcome: Outcome): string {
  if (isResponse(outcome)) return outcome.status < 400 ? 'ok' : outcome.status === 429 ? 'throttled' : 'http_error';
  const name = (outcome as { name?: unknown } | undefined)?.name;
  return name === 'TimeoutError'
    ? 'timeout'
    : name === 'ConnectionError'
      ? 'network'
      : name === 'AbortError'
        ? 'aborted'
        : 'error';
}

/** `error.type` of the semantic conventions: the status, or the error's class name (never its message). */
function errorType(outcome: Outcome): string | undefined {
  if (isResponse(outcome)) return outcome.status >= 400 ? String(outcome.status) : undefined;
  const name = (outcome as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && /^\w{1,64}$/.test(name) ? name : '_OTHER';
}

/** Sets a span's status, status code, `error.type` and `retry_after_ms` from an outcome. */
function describe(api: OtelApi, span: Span, outcome: Outcome): void {
  if (isResponse(outcome)) {
    span.setAttribute('http.response.status_code', outcome.status);
    const wait = outcome.status === 429 || outcome.status === 503 ? retryAfterMs(outcome.headers) : undefined;
    if (wait !== undefined) span.setAttribute('retry_after_ms', wait);
  }
  const type = errorType(outcome);
  if (type !== undefined) {
    span.setAttribute('error.type', type);
    span.setStatus({ code: api.SpanStatusCode.ERROR });
  }
}

/**
 * Starts the OpenTelemetry trace of one vendor call, under the active context (a handler's request span, when
 * there is one): a client span around the retry loop, a child span per attempt, the call's metrics. Knows no
 * vendor: the vendor and the operation come from the call's context.
 * @returns `undefined` when `@opentelemetry/api` is not installed or no SDK registered (the caller then only calls through)
 */
export function otelVendorCall(request: OutgoingRequest, context: CallContext): VendorCallTrace | undefined {
  const api = otelApi();
  if (api === undefined || !isSdkRegistered(api)) return undefined;
  const started = performance.now();
  const operation = operationName(context.operation);
  const method = request.method.toUpperCase();
  const template = context.urlTemplate;
  const name = template === undefined ? method : `${method} ${template}`;
  const attributes: Attributes = { 'http.request.method': method, vendor: context.provider, operation };
  if (template !== undefined) attributes['url.template'] = template;
  const parent: Context = api.context.active();
  const tracer = tracerOf(api);
  const span = tracer.startSpan(name, { kind: api.SpanKind.CLIENT, attributes }, parent);
  const callContext = api.trace.setSpan(parent, span);
  let retries = 0;

  const finish = (outcome: Outcome): void => {
    const recording = span.isRecording();
    if (recording) {
      span.setAttribute('http.request.resend_count', retries);
      describe(api, span, outcome);
    }
    span.end();
    const status = isResponse(outcome) ? outcome.status : undefined;
    instrumentsOf(api).vendorCallDuration.record((performance.now() - started) / 1000, {
      vendor: context.provider,
      operation,
      'http.response.status_class': statusClass(status),
      outcome: outcomeOf(outcome),
    });
  };

  return {
    async attempt(attempt, send) {
      const child = tracer.startSpan(
        name,
        { kind: api.SpanKind.INTERNAL, attributes: { ...attributes, 'http.request.resend_count': attempt - 1 } },
        callContext,
      );
      try {
        const received = await api.context.with(api.trace.setSpan(callContext, child), send);
        if (child.isRecording()) describe(api, child, received);
        return received;
      } catch (error) {
        if (child.isRecording()) describe(api, child, error);
        throw error;
      } finally {
        child.end();
      }
    },
    retry(delayMs, outcome) {
      retries++;
      if (span.isRecording()) span.addEvent('retry', { delay_ms: delayMs, outcome: outcomeOf(outcome) });
      instrumentsOf(api).vendorCallRetries.add(1, { vendor: context.provider, operation, outcome: outcomeOf(outcome) });
    },
    end(received) {
      finish(received);
      return received;
    },
    fail(error) {
      finish(error);
      return error;
    },
  };
}
