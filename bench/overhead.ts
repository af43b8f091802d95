/**
 * Per-call overhead: the facade vs bare openapi-fetch vs a hand-written fetch doing
 * the same work (auth header, timeout signal, status check, JSON parsing), against
 * a local server serving the vendor's Get User Objects example. Sequential and 32 in flight.
 */
import createClient from 'openapi-fetch';
import { createCommBoxClient } from '../dist/index.js';
import type { paths } from '../src/generated/commbox.js';
import { startExampleServer } from './lib/server.js';
import { interleave } from './lib/stats.js';

export async function measureOverhead(rounds = 40, batch = 50): Promise<{ mode: string; results: Record<string, number> }[]> {
  const server = await startExampleServer();
  const token = 'bench-token';
  const url = `${server.url}/v2/users/identities/558355/objects`;
  const facade = createCommBoxClient({ token, baseUrl: server.url });
  const raw = createClient<paths>({ baseUrl: server.url, headers: { Authorization: `Bearer ${token}` } });

  const calls: Record<string, () => Promise<unknown>> = {
    facade: () => facade.getUserObjects(558355),
    'bare openapi-fetch': async () => (await raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', { params: { path: { USER_IDENTITY_ID: 558355 } } })).data,
    'hand-written fetch': async () => {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(30_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    'plain fetch, no signal (info)': async () => (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json(),
  };
  for (const call of Object.values(calls)) for (let i = 0; i < 200; i++) await call(); // warm-up

  const sequential = await interleave(
    Object.fromEntries(Object.entries(calls).map(([name, call]) => [name, async () => { for (let i = 0; i < batch; i++) await call(); }])),
    rounds,
    batch,
  );
  const concurrent = await interleave(
    Object.fromEntries(Object.entries(calls).map(([name, call]) => [name, async () => { for (let i = 0; i < 4; i++) await Promise.all(Array.from({ length: 32 }, call)); }])),
    rounds,
    4 * 32,
  );
  server.close();
  return [
    { mode: 'sequential', results: sequential },
    { mode: '32 in flight', results: concurrent },
  ];
}
