/**
 * Several server instances under load: 3 handler instances (each with its own store client),
 * 1,000 users, 20,000 summary requests spread at random over users and instances, 64 in flight.
 * Contenders: each instance's own in-memory store, one shared Redis store, and the Redis store
 * with Redis killed halfway. Vendors are loopback doubles in another process (30 ms per answer),
 * redis-server is Debian's, started here. `BENCH_REQUESTS` shortens the run; `BENCH_DEBUG` prints
 * what the handlers' onError hears. Run after `npm run build` (`npm run bench` does).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createCommBoxClient, createCometChatClient } from '../dist/index.js';
import { createRedisStore } from '../dist/redis.js';
import { createInboxHandler, createMemoryStore, type InboxHandler, type InboxStore } from '../dist/server.js';
import { startRedisServer, type RedisServer } from '../scripts/redis-server.js';
import { seededRandom } from '../test/support/seeded-random.js';

const INSTANCES = 3;
const USERS = 1_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const IN_FLIGHT = 64;

type Reads = { commbox: number; cometchat: number };

/** One contender's figures. */
export interface LoadResult {
  served: number;
  unavailable: number;
  errors: number;
  vendorReads: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** Store outages the instances reported (once per outage each). */
  storeOutages: number;
}

async function startVendors() {
  const script = fileURLToPath(new URL('./lib/vendor-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [urls] = (await once(child, 'message')) as [{ commboxUrl: string; cometchatUrl: string }];
  const reads = async (): Promise<Reads> => {
    child.send('reads');
    const [message] = (await once(child, 'message')) as [{ reads: Reads }];
    return message.reads;
  };
  return { ...urls, reads, close: () => child.disconnect() };
}

/** Store outages the handlers reported (onError, once per outage per instance). */
let storeOutages = 0;

function handlerWith(store: InboxStore, vendors: { commboxUrl: string; cometchatUrl: string }): InboxHandler {
  return createInboxHandler({
    store,
    onError: (error, { source, recovered }) => {
      if (source === 'store' && !recovered) storeOutages++;
      if (process.env.BENCH_DEBUG) console.error(source, error.message);
    },
    commbox: { client: createCommBoxClient({ token: 'bench-token', baseUrl: vendors.commboxUrl }) },
    cometchat: {
      client: createCometChatClient({
        appId: 'bench',
        region: 'eu',
        apiKey: 'bench-key',
        baseUrl: vendors.cometchatUrl,
      }),
    },
    resolveUser: (request) => {
      const user = Number(request.headers.get('x-user'));
      return { commbox: { userIdentityId: user }, cometchat: { uid: `user-${user}` } };
    },
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Sends the load to `handlers`; `halfway` runs once, when half the requests have been sent. */
async function load(
  handlers: InboxHandler[],
  vendors: Awaited<ReturnType<typeof startVendors>>,
  halfway?: () => Promise<void>,
): Promise<LoadResult> {
  const random = seededRandom(2026);
  const before = await vendors.reads();
  storeOutages = 0;
  const latencies: number[] = [];
  let sent = 0;
  let served = 0;
  let unavailable = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (sent < REQUESTS) {
      if (++sent === REQUESTS / 2) await halfway?.();
      const handler = handlers[Math.floor(random() * handlers.length)]!;
      const user = 1 + Math.floor(random() * USERS);
      const t0 = performance.now();
      try {
        const response = await handler(
          new Request('http://site.test/api/inbox/summary', { headers: { 'x-user': String(user) } }),
        );
        await response.arrayBuffer();
        if (response.status === 200) served++;
        else if (response.status === 503 && response.headers.has('retry-after')) unavailable++;
        else errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = await vendors.reads();
  latencies.sort((a, b) => a - b);
  return {
    served,
    unavailable,
    errors,
    vendorReads: after.commbox - before.commbox + after.cometchat - before.cometchat,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    seconds,
    storeOutages,
  };
}

/** The three contenders, one after the other (each starts with empty caches). */
export async function measureRedisLoad(): Promise<Record<string, LoadResult>> {
  const vendors = await startVendors();
  let redis: RedisServer | undefined;
  const clients: Redis[] = [];
  const connect = (url: string) => {
    const client = new Redis(url);
    client.on('error', () => {}); // Redis is killed on purpose in the last run
    clients.push(client);
    return client;
  };
  try {
    redis = await startRedisServer();
    const results: Record<string, LoadResult> = {};
    results['in-memory store (one per instance)'] = await load(
      Array.from({ length: INSTANCES }, () => handlerWith(createMemoryStore(), vendors)),
      vendors,
    );
    results['Redis store (shared)'] = await load(
      Array.from({ length: INSTANCES }, () =>
        handlerWith(createRedisStore(connect(redis!.url), { keyPrefix: 'bench:shared:' }), vendors),
      ),
      vendors,
    );
    const server = redis;
    results['Redis store, Redis killed halfway'] = await load(
      Array.from({ length: INSTANCES }, () =>
        handlerWith(createRedisStore(connect(redis!.url), { keyPrefix: 'bench:killed:' }), vendors),
      ),
      vendors,
      () => server.stop(),
    );
    return results;
  } finally {
    for (const client of clients) client.disconnect();
    await redis?.stop();
    vendors.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.table(await measureRedisLoad());
}
