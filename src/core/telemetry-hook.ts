import type { CallContext, OutgoingRequest } from './transport.js';

/**
 * The trace of one vendor call (see `core/telemetry-call.ts`): a span around the retry loop, a child span per
 * attempt, and the call's metrics.
 */
export interface VendorCallTrace {
  /** Runs one attempt under its own span (the call's child). */
  attempt<T>(attempt: number, send: () => Promise<T>): Promise<T>;
  /** A retry is about to wait `delayMs` after `outcome` (a response or an error). */
  retry(delayMs: number, outcome: unknown): void;
  /** The call's final response: ends the trace; returns `received`. */
  end<T extends { status: number; headers: Headers }>(received: T): T;
  /** The call's final error: ends the trace; returns `error` (to rethrow). */
  fail(error: unknown): unknown;
}

/** Starts the trace of one vendor call. */
export type CallTelemetry = (request: OutgoingRequest, context: CallContext) => VendorCallTrace | undefined;

// On globalThis, so that clients and handler from different bundles of this package (ESM, CJS, entry points) share it.
const SLOT = Symbol.for('conversations-client.telemetry');
const slot = globalThis as { [SLOT]?: CallTelemetry };

/**
 * The trace of one vendor call, or `undefined` (call through) when no telemetry is installed or `@opentelemetry/api`
 * is missing. Keeps the clients' bundles free of telemetry code: the implementation is installed by the server entry.
 */
export const traceVendorCall = (request: OutgoingRequest, context: CallContext): VendorCallTrace | undefined =>
  slot[SLOT]?.(request, context);

/** Installs (or, with `undefined`, removes) the vendor-call telemetry of every client of this package in this realm. */
export function installCallTelemetry(telemetry: CallTelemetry | undefined): void {
  slot[SLOT] = telemetry;
}
