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
import { withExampleServer } from './lib/server.js';
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
type Unit = () => Promise<unknown>;

/**
 * The vendor-call telemetry installed once (as `enableOpenTelemetry()` does) behind a switch, so traced and
 * untraced units alternate in one process: `traced(unit)` runs a whole unit (one call, or 32 in flight) with it
 * on, `untraced(unit)` with it off. The switch spans the whole unit, not only the call's synchronous start: the
 * transport looks the telemetry up once openapi-fetch has built the request, which need not happen before the
 * call returns its promise (with a promise in between, a switch reset then was never seen on). Units never overlap
 * (`pairedRatios` awaits each), so the switch holds for exactly one unit's calls. The slot is set once (a global
 * property written per call would cost more than what is measured). `counts` tells how many calls found it on
 * and off.
 */
async function telemetrySwitch(): Promise<{
  traced: (unit: Unit) => Unit;
  untraced: (unit: Unit) => Unit;
  counts: { traced: number; untraced: number };
  restore: () => void;
}> {
  const { enableOpenTelemetry } = await import('../dist/server.js');
  enableOpenTelemetry();
  const slot = globalThis as { [SLOT]?: CallTelemetry };
  const telemetry = slot[SLOT];
  if (typeof telemetry !== 'function')
    throw new Error('--otel: enableOpenTelemetry() installed no vendor-call telemetry in the global slot');
  let on = false;
  const counts = { traced: 0, untraced: 0 };
  slot[SLOT] = (request, context) => {
    if (!on) return void counts.untraced++;
    counts.traced++;
    return telemetry(request, context);
  };
  const switched = (tracing: boolean) => (unit: Unit) => async () => {
    on = tracing;
    try {
      return await unit();
    } finally {
      on = false;
    }
  };
  return { traced: switched(true), untraced: switched(false), counts, restore: () => void (slot[SLOT] = telemetry) };
}

const WARM_UP = 300;
const IN_FLIGHT = 32;

/** Each call as a unit of `IN_FLIGHT` calls at once. */
const concurrently = (calls: Record<string, Unit>): Record<string, Unit> =>
  Object.fromEntries(
    Object.entries(calls).map(([name, call]) => [name, () => Promise.all(Array.from({ length: IN_FLIGHT }, call))]),
  );

/**
 * Measures the per-call overhead. `otel: true` adds {@link TRACED}: the facade with its vendor-call telemetry
 * on (`@opentelemetry/api` installed, no SDK registered, as in an application that did not set one up), and
 * {@link UNTRACED}, the same call through the same wrapper with it off; the cost is `TRACED` over `UNTRACED`.
 * The bench server is closed however this ends.
 * @throws with `otel`, when `@opentelemetry/api` is not installed or the calls did not find the telemetry as switched
 */
export async function measureOverhead(
  sequentialRounds = 4000,
  concurrentRounds = 400,
  options: { otel?: boolean } = {},
): Promise<OverheadResult[]> {
  return withExampleServer(async (server) => {
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

    const calls: Record<string, Unit> = {
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
    for (const call of Object.values(calls)) for (let i = 0; i < WARM_UP; i++) await call();

    const sequential = await pairedRatios(calls, BASELINE, sequentialRounds);
    const inFlight = await pairedRatios(concurrently(calls), BASELINE, concurrentRounds);
    const perCall = (ms: Record<string, number>, units: number) =>
      Object.fromEntries(Object.entries(ms).map(([name, value]) => [name, value / units]));
    const results = [
      { mode: 'sequential', perCallMs: perCall(sequential.medianMs, 1), ratios: sequential.ratios },
      { mode: `${IN_FLIGHT} in flight`, perCallMs: perCall(inFlight.medianMs, IN_FLIGHT), ratios: inFlight.ratios },
    ];
    if (!options.otel) return results;

    // Paired against each other (not against the hand-written call): traced vs untraced, and untraced vs itself.
    createRequire(import.meta.url).resolve('@opentelemetry/api'); // --otel compares with it installed: throws when it is not
    const telemetry = await telemetrySwitch();
    try {
      const call = () => facade.getUserObjects(558355);
      const otelCalls = { [UNTRACED]: call, [TRACED]: call, [UNTRACED_CONTROL]: call };
      const switched = (units: Record<string, Unit>) => ({
        [UNTRACED]: telemetry.untraced(units[UNTRACED]!),
        [TRACED]: telemetry.traced(units[TRACED]!),
        [UNTRACED_CONTROL]: telemetry.untraced(units[UNTRACED_CONTROL]!),
      });
      const single = switched(otelCalls);
      for (const unit of Object.values(single)) for (let i = 0; i < WARM_UP; i++) await unit();
      const otelSequential = await pairedRatios(single, UNTRACED, sequentialRounds);
      const otelInFlight = await pairedRatios(switched(concurrently(otelCalls)), UNTRACED, concurrentRounds);
      // Every traced call found the telemetry on, every untraced one found it off: each looked it up once.
      const perContender = WARM_UP + sequentialRounds + IN_FLIGHT * concurrentRounds;
      const { counts } = telemetry;
      if (counts.traced !== perContender || counts.untraced !== 2 * perContender)
        throw new Error(
          `--otel: the telemetry was looked up by ${counts.traced} traced calls of ${perContender} and by ${counts.untraced} untraced of ${2 * perContender}`,
        );
      results.push(
        {
          mode: 'telemetry, sequential',
          perCallMs: perCall(otelSequential.medianMs, 1),
          ratios: otelSequential.ratios,
        },
        {
          mode: `telemetry, ${IN_FLIGHT} in flight`,
          perCallMs: perCall(otelInFlight.medianMs, IN_FLIGHT),
          ratios: otelInFlight.ratios,
        },
      );
      return results;
    } finally {
      telemetry.restore();
    }
  });
}
