import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniquePrefix } from '../support/redis-clients.js';
import { commboxInbox, ok, startVendorStandIn, type VendorStandIn } from '../support/vendor-stand-in.js';

const script = fileURLToPath(new URL('./fixtures/handler-process.ts', import.meta.url));
let vendors: VendorStandIn;
const children: ChildProcess[] = [];
let urls: string[];

/** Starts one server process and resolves to its base URL once it listens. */
async function startProcess(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [chunk] = (await Promise.race([
    once(child.stdout!, 'data'),
    once(child, 'exit').then(() => Promise.reject(new Error('the server process exited'))),
  ])) as [Buffer];
  return `http://127.0.0.1:${chunk.toString().trim()}/api/inbox`;
}

beforeAll(async () => {
  vendors = await startVendorStandIn({ delayMs: 100, answers: { commbox: ok(commboxInbox('success')) } });
  const env = {
    REDIS_URL: inject('redisUrl'),
    KEY_PREFIX: uniquePrefix(),
    COMMBOX_URL: vendors.commboxUrl,
    COMETCHAT_URL: vendors.cometchatUrl,
  };
  urls = await Promise.all([1, 2, 3].map(() => startProcess(env)));
}, 180_000); // starts servers: a deadline far above the work on a loaded machine
afterAll(async () => {
  await Promise.all(
    children.map((child) => (child.exitCode === null ? (child.kill('SIGTERM'), once(child, 'exit')) : undefined)),
  );
  await vendors.close();
});

describe('three server processes sharing one Redis', () => {
  it('100 concurrent requests for one user over three processes make one vendor read per provider', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, index) => fetch(`${urls[index % 3]}/summary`, { headers: { 'x-user': '77' } })),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(100).fill(200));
    const totals = await Promise.all(
      responses.map(async (response) => ((await response.json()) as { total: number }).total),
    );
    expect(new Set(totals)).toEqual(new Set([7]));
    expect(vendors.reads).toEqual({ commbox: 1, cometchat: 1 });
  });

  it('a 429 seen by one process keeps the others off that vendor account', async () => {
    vendors.throttle('cometchat', 30);
    const first = (await (await fetch(`${urls[0]}/summary`, { headers: { 'x-user': '78' } })).json()) as {
      failures: { code: string }[];
    };
    expect(first.failures.map((failure) => failure.code)).toEqual(['rate_limited']);
    const readsAfterThrottle = vendors.reads.cometchat;
    vendors.throttle('cometchat', undefined);
    const others = await Promise.all(
      [urls[1], urls[2]].map((url, index) => fetch(`${url}/summary`, { headers: { 'x-user': String(79 + index) } })),
    );
    for (const response of others) {
      const body = (await response.json()) as { failures: { code: string }[] };
      expect(body.failures.map((failure) => failure.code)).toEqual(['rate_limited']);
    }
    expect(vendors.reads.cometchat).toBe(readsAfterThrottle);
  });
});
