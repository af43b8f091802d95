/**
 * Per-call overhead: the facade vs bare openapi-fetch vs a hand-written fetch doing
 * the same work (auth header, timeout signal, status check, JSON parsing), against
 * a local server serving the vendor's Get User Objects example. Sequential (one call
 * per unit) and 32 in flight (32 calls per unit). Units alternate between contenders
 * in a fresh random order every round; each figure is the median over rounds of the
 * contender's time over the hand-written call's time in the same round. The hand-written
 * call is also compared with a second copy of itself: that row shows the noise floor.
 */
import { createRequire } from 'node:module';
import createClient from 'openapi-fetch';
import { createCommBoxClient } from '../dist/index.js';
import type { paths } from '../src/generated/commbox.js';
import { startExampleServer } from './lib/server.js';
import { pairedRatios } from './lib/stats.js';

/** One mode's result: median ms per call and the paired ratios to the hand-written call. */
export interface OverheadResult {
  mode: string;
  perCallMs: Record<string, number>;
  ratios: Record<string, number>;
}

export const BASELINE = 'hand-written fetch';
export const CONTROL = 'hand-written fetch, second copy (control)';

/** The facade contender of `--otel` mode: traced through `@opentelemetry/api` (installed, no SDK registered). */
export const TRACED = 'facade, traced (API installed, no SDK)';
/** Its twin with the telemetry off: the same wrapper, so the pair differs only by the telemetry. */
export const UNTRACED = 'facade, untraced (same wrapper)';
/** A second copy of {@link UNTRACED}: the noise floor of the telemetry pair. */
export const UNTRACED_CONTROL = 'facade, untraced, second copy (control)';

type CallTelemetry = (request: unknown, context: unknown) => unknown;
const SLOT = Symbol.for('conversations-client.telemetry');

/**
 * `call` with the vendor-call telemetry on while it starts (it is looked up synchronously when a call starts),
 * so traced and untraced calls alternate in one process; counts the calls that were traced. The slot is set
 * once (a global property written per call would cost more than what is measured).
 */
async function tracedCalls(call: () => Promise<unknown>): Promise<{
  traced: () => Promise<unknown>;
  untraced: () => Promise<unknown>;
  control: () => Promise<unknown>;
  count: () => number;
}> {
  const { enableOpenTelemetry } = await import('../dist/server.js');
  enableOpenTelemetry();
  const slot = globalThis as { [SLOT]?: CallTelemetry };
  const telemetry = slot[SLOT]!;
  let on = false;
  let traced = 0;
  slot[SLOT] = (request, context) => (on ? (traced++, telemetry(request, context)) : undefined);
  const wrapped = (tracing: boolean) => () => {
    on = tracing;
    try {
      return call();
    } finally {
      on = false;
    }
  };
  return { traced: wrapped(true), untraced: wrapped(false), control: wrapped(false), count: () => traced };
}

/**
 * Measures the per-call overhead. `otel: true` adds {@link TRACED}: the facade with its vendor-call telemetry
 * on (`@opentelemetry/api` installed, no SDK registered, as in an application that did not set one up), and
 * {@link UNTRACED}, the same call through the same wrapper with it off; the cost is `TRACED` over `UNTRACED`.
 */
export async function measureOverhead(
  sequentialRounds = 4000,
  concurrentRounds = 400,
  options: { otel?: boolean } = {},
): Promise<OverheadResult[]> {
  const server = await startExampleServer();
  const token = 'bench-token';
  const url = `${server.url}/v2/users/identities/558355/objects`;
  const facade = createCommBoxClient({ token, baseUrl: server.url });
  const raw = createClient<paths>({ baseUrl: server.url, headers: { Authorization: `Bearer ${token}` } });
  const handWritten = () => async () => {
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };

  const calls: Record<string, () => Promise<unknown>> = {
    facade: () => facade.getUserObjects(558355),
    'bare openapi-fetch': async () =>
      (
        await raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', {
          params: { path: { USER_IDENTITY_ID: 558355 } },
        })
      ).data,
    [BASELINE]: handWritten(),
    [CONTROL]: handWritten(),
    'plain fetch, no signal (info)': async () =>
      (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json(),
  };
  for (const call of Object.values(calls)) for (let i = 0; i < 300; i++) await call(); // warm-up

  const concurrent = Object.fromEntries(
    Object.entries(calls).map(([name, call]) => [name, () => Promise.all(Array.from({ length: 32 }, call))]),
  );
  const sequential = await pairedRatios(calls, BASELINE, sequentialRounds);
  const inFlight = await pairedRatios(concurrent, BASELINE, concurrentRounds);
  const perCall = (ms: Record<string, number>, units: number) =>
    Object.fromEntries(Object.entries(ms).map(([name, value]) => [name, value / units]));
  const results = [
    { mode: 'sequential', perCallMs: perCall(sequential.medianMs, 1), ratios: sequential.ratios },
    { mode: '32 in flight', perCallMs: perCall(inFlight.medianMs, 32), ratios: inFlight.ratios },
  ];
  if (options.otel) {
    // Paired against each other (not against the hand-written call): traced vs untraced, and untraced vs itself.
    createRequire(import.meta.url).resolve('@opentelemetry/api'); // --otel compares with it installed: throws when it is not
    const pair = await tracedCalls(() => facade.getUserObjects(558355));
    const otelCalls = { [UNTRACED]: pair.untraced, [TRACED]: pair.traced, [UNTRACED_CONTROL]: pair.control };
    for (const call of Object.values(otelCalls)) for (let i = 0; i < 300; i++) await call();
    const otelConcurrent = Object.fromEntries(
      Object.entries(otelCalls).map(([name, call]) => [name, () => Promise.all(Array.from({ length: 32 }, call))]),
    );
    const otelSequential = await pairedRatios(otelCalls, UNTRACED, sequentialRounds);
    const otelInFlight = await pairedRatios(otelConcurrent, UNTRACED, concurrentRounds);
    if (pair.count() === 0) throw new Error('--otel: the traced contender was never traced');
    results.push(
      { mode: 'telemetry, sequential', perCallMs: perCall(otelSequential.medianMs, 1), ratios: otelSequential.ratios },
      { mode: 'telemetry, 32 in flight', perCallMs: perCall(otelInFlight.medianMs, 32), ratios: otelInFlight.ratios },
    );
  }
  server.close();
  return results;
}
