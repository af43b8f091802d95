/**
 * Per-call overhead: the facade vs bare openapi-fetch vs a hand-written fetch doing
 * the same work (auth header, timeout signal, status check, JSON parsing), against
 * a local server serving the vendor's Get User Objects example. Sequential (one call
 * per unit) and 32 in flight (32 calls per unit). Units alternate between contenders
 * in a fresh random order every round; each figure is the median over rounds of the
 * contender's time over the hand-written call's time in the same round. The hand-written
 * call is also compared with a second copy of itself: that row shows the noise floor.
 */
import Module, { createRequire } from 'node:module';
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

/** The facade contender of `--otel` mode: a second copy of the bundle that found no `@opentelemetry/api` (as if it were not installed). */
export const WITHOUT_OTEL = 'facade, no @opentelemetry/api';

/**
 * A second instance of the built client whose lookup of `@opentelemetry/api` failed: its calls take the
 * untraced path, as in an application without the API (the bench itself has it installed, with no SDK).
 */
async function facadeWithoutOtelApi(token: string, baseUrl: string) {
  const { createCommBoxClient: create } = (await import('../dist/index.js?without-otel')) as typeof import('../dist/index.js');
  const client = create({ token, baseUrl });
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = (request, ...rest) => {
    if (request === '@opentelemetry/api') throw new Error('Cannot find module @opentelemetry/api');
    return load.call(Module, request, ...rest);
  };
  try {
    await client.getUserObjects(558355); // the first call looks the API up, once
  } finally {
    loader._load = load;
  }
  return client;
}

/**
 * Measures the per-call overhead. `otel: true` adds {@link WITHOUT_OTEL}: the facade's cost with
 * `@opentelemetry/api` installed and no SDK registered is then `facade` over it.
 */
export async function measureOverhead(sequentialRounds = 4000, concurrentRounds = 400, options: { otel?: boolean } = {}): Promise<OverheadResult[]> {
  const server = await startExampleServer();
  const token = 'bench-token';
  const url = `${server.url}/v2/users/identities/558355/objects`;
  const facade = createCommBoxClient({ token, baseUrl: server.url });
  const raw = createClient<paths>({ baseUrl: server.url, headers: { Authorization: `Bearer ${token}` } });
  const handWritten = () => async () => {
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };

  const calls: Record<string, () => Promise<unknown>> = {
    facade: () => facade.getUserObjects(558355),
    'bare openapi-fetch': async () => (await raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', { params: { path: { USER_IDENTITY_ID: 558355 } } })).data,
    [BASELINE]: handWritten(),
    [CONTROL]: handWritten(),
    'plain fetch, no signal (info)': async () => (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json(),
  };
  if (options.otel) {
    createRequire(import.meta.url).resolve('@opentelemetry/api'); // --otel compares with it installed: throws when it is not
    const untraced = await facadeWithoutOtelApi(token, server.url);
    calls[WITHOUT_OTEL] = () => untraced.getUserObjects(558355);
  }
  for (const call of Object.values(calls)) for (let i = 0; i < 300; i++) await call(); // warm-up

  const concurrent = Object.fromEntries(Object.entries(calls).map(([name, call]) => [name, () => Promise.all(Array.from({ length: 32 }, call))]));
  const sequential = await pairedRatios(calls, BASELINE, sequentialRounds);
  const inFlight = await pairedRatios(concurrent, BASELINE, concurrentRounds);
  server.close();
  const perCall = (ms: Record<string, number>, units: number) => Object.fromEntries(Object.entries(ms).map(([name, value]) => [name, value / units]));
  return [
    { mode: 'sequential', perCallMs: perCall(sequential.medianMs, 1), ratios: sequential.ratios },
    { mode: '32 in flight', perCallMs: perCall(inFlight.medianMs, 32), ratios: inFlight.ratios },
  ];
}
