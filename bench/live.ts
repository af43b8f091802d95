/**
 * Live updates (GET /events), measured:
 *   (b) `fanout`: N concurrent SSE connections on one instance (a child process, node:http +
 *       toNodeListener + the live modules): server heap per connection (after GC), and the time for one
 *       change to reach every connection (from publishing to the last client reading its event).
 *   (a) `webhook`: vendor webhook → callback in a subscribed client, p50/p99: 3 handler instances
 *       (createInboxHandler + createRedisStore on a real redis-server, each behind node:http with
 *       toNodeListener, on loopback), SSE clients on instances B and C, CometChat `message_sent`
 *       webhooks POSTed to instance A; from the POST to the client reading the new total.
 *   (c) `reads`: vendor REST reads per watched user per hour, polling every 15 s vs webhooks (bench/webhooks.ts's
 *       simulated hour). A live page costs what the webhook mode does: its stream's periodic re-read goes
 *       through the same cache (cacheTtlMs = reconcileMs) as those polls, and no poll runs besides.
 * Usage: npm run bench:live [-- --scenario fanout|webhook|reads] [--connections 10000] [--webhooks 200]
 */
import { spawn } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { cometchatListResponse } from './lib/cometchat-list-response.js';

const args = new Map(
  process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), all[i + 1] ?? '']] : [])),
);

// ---- The server side: one instance, run in a child process so its heap is measured alone. ----
async function serve(): Promise<void> {
  const { createServer } = await import('node:http');
  const { toNodeListener } = await import('../src/server/node-listener.js');
  const { createLiveEvents } = await import('../src/server/live/live-events.js');
  const { createMemoryChangeFeed } = await import('../src/server/live/memory-change-feed.js');
  const live = createLiveEvents({ feed: createMemoryChangeFeed(), maxConnectionsPerUser: 1_000_000 });
  let total = 0;
  const summary = () => ({
    total,
    byProvider: { commbox: 0, cometchat: total },
    conversations: [
      {
        provider: 'cometchat' as const,
        id: 'c1',
        title: 'Captain America',
        unread: total,
        updatedAt: '2026-03-02T09:12:00.000Z',
      },
    ],
    failures: [],
    stale: false,
    asOf: new Date().toISOString(),
  });
  const events = toNodeListener((request) =>
    live.respond(request, { userKey: request.headers.get('x-user') ?? 'everyone', load: async () => summary() }),
  );
  const server = createServer((request, response) => {
    if (request.url === '/stats') {
      globalThis.gc?.();
      globalThis.gc?.();
      response.end(JSON.stringify({ heapUsed: process.memoryUsage().heapUsed, streams: live.hub.size }));
    } else if (request.url === '/change') {
      total++;
      void live.changed('everyone').then(() => response.end('ok'));
    } else events(request, response);
  });
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify((server.address() as { port: number }).port)));
}

// ---- The bench side. ----
interface Stats {
  heapUsed: number;
  streams: number;
}

async function startServer(): Promise<{ port: number; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '1'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the live server exited with ${code}`)));
  });
  return { port, stop: () => void child.kill() };
}

const get = async <T>(port: number, path: string): Promise<T> =>
  (await fetch(`http://127.0.0.1:${port}${path}`)).json() as Promise<T>;

/** One raw SSE client: counts the `summary` events it read, and when it read the last one. */
interface Client {
  socket: Socket;
  events: number;
  lastAt: number;
}

function openClient(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client: Client = { socket: createConnection({ port, host: '127.0.0.1' }), events: 0, lastAt: 0 };
    client.socket.setEncoding('utf8');
    client.socket.on('error', reject);
    client.socket.on('connect', () =>
      client.socket.write(
        'GET /api/inbox/events HTTP/1.1\r\nHost: bench\r\nX-User: everyone\r\nAccept: text/event-stream\r\n\r\n',
      ),
    );
    client.socket.on('data', (chunk: string) => {
      const count = chunk.split('event: summary\n').length - 1;
      if (count === 0) return;
      client.events += count;
      client.lastAt = performance.now();
      if (client.events === count) resolve(client);
    });
  });
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** (b) N connections: heap per connection, and one change to all of them. */
async function fanout(connections: number): Promise<Record<string, number>> {
  const server = await startServer();
  try {
    // Warm up (JIT, first allocations), then take the baseline with nothing open.
    const warm = await Promise.all(Array.from({ length: 50 }, () => openClient(server.port)));
    for (const client of warm) client.socket.destroy();
    await until(() => true, 0);
    let stats = await get<Stats>(server.port, '/stats');
    while (stats.streams > 0) stats = await get<Stats>(server.port, '/stats');
    const baseline = stats.heapUsed;

    const clients: Client[] = [];
    for (let opened = 0; opened < connections; opened += 500) {
      clients.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(500, connections - opened) }, () => openClient(server.port)),
        )),
      );
    }
    const loaded = await get<Stats>(server.port, '/stats');
    if (loaded.streams !== connections) throw new Error(`${loaded.streams} streams open, expected ${connections}`);

    const deliveries: number[] = [];
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      await fetch(`http://127.0.0.1:${server.port}/change`).then((response) => response.text());
      await until(() => clients.every((client) => client.events === round + 2), 120_000).catch((error) => {
        const counts = new Map<number, number>();
        for (const client of clients) counts.set(client.events, (counts.get(client.events) ?? 0) + 1);
        throw new Error(`round ${round}: clients by events read ${JSON.stringify([...counts])}`, { cause: error });
      });
      deliveries.push(Math.max(...clients.map((client) => client.lastAt)) - started);
    }
    for (const client of clients) client.socket.destroy();
    deliveries.sort((a, b) => a - b);
    return {
      connections,
      'heap per connection (bytes)': Math.round((loaded.heapUsed - baseline) / connections),
      'one change to all, median of 5 (ms)': Math.round(deliveries[2]!),
      'one change to all, worst of 5 (ms)': Math.round(deliveries[4]!),
    };
  } finally {
    server.stop();
  }
}

/** (a) Webhook on instance A → the new total read by a client of instance B or C. */
async function webhook(count: number): Promise<Record<string, number>> {
  const { Redis } = await import('ioredis');
  const { createServer } = await import('node:http');
  const { startRedisServer } = await import('../scripts/redis-server.js');
  const { createCometChatClient } = await import('../src/index.js');
  const { createInboxHandler, toNodeListener } = await import('../src/server/index.js');
  const { createRedisStore } = await import('../src/server/redis/index.js');
  const redisServer = await startRedisServer();
  const CREDENTIALS = { username: 'bench-hook', password: 'bench-webhook-password-123' };
  const unread = new Map<string, number>();
  // The vendor: in process (CometChat's List Conversations for the user named by onBehalfOf).
  const vendorFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const uid = new Request(input, init).headers.get('onbehalfof') ?? '';
    return cometchatListResponse(uid, unread.get(uid) ?? 0);
  };
  const redisClients: InstanceType<typeof Redis>[] = [];
  const servers: import('node:http').Server[] = [];
  const handlers: { closeLive(): void; changes: { close(): void } }[] = [];
  const instances = await Promise.all(
    [0, 1, 2].map(async () => {
      const redis = new Redis(redisServer.url);
      redis.on('error', () => {});
      redisClients.push(redis);
      const handler = createInboxHandler({
        cometchat: {
          client: createCometChatClient({
            appId: 'bench',
            region: 'eu',
            apiKey: 'bench-key',
            fetch: vendorFetch as typeof fetch,
          }),
        },
        resolveUser: (request) => ({ cometchat: { uid: request.headers.get('x-uid')! } }),
        store: createRedisStore(redis, { keyPrefix: 'bench-live:' }),
        webhooks: { cometchat: CREDENTIALS },
      });
      handlers.push(handler);
      const server = createServer(toNodeListener(handler));
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    }),
  );
  const users = Array.from({ length: 20 }, (_, i) => `user${i}`);
  // One SSE client per user, on instance B or C; each keeps the last total it read, and when.
  const clients = new Map<string, { total: number; at: number; controller: AbortController }>();
  await Promise.all(
    users.map(async (uid, i) => {
      const controller = new AbortController();
      const client = { total: -1, at: 0, controller };
      clients.set(uid, client);
      const response = await fetch(`${instances[1 + (i % 2)]}/api/inbox/events`, {
        headers: { 'x-uid': uid },
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            buffer += decoder.decode(value, { stream: true });
            for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
              const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
              buffer = buffer.slice(end + 2);
              if (data) {
                client.total = (JSON.parse(data) as { total: number }).total;
                client.at = performance.now();
              }
            }
          }
        } catch {
          // aborted at the end
        }
      })();
    }),
  );
  await until(() => [...clients.values()].every((client) => client.total === 0), 60_000);
  const auth = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64')}`;
  const latencies: number[] = [];
  try {
    for (let n = 0; n < count; n++) {
      const uid = users[n % users.length]!;
      const total = (unread.get(uid) ?? 0) + 1;
      unread.set(uid, total);
      const message = {
        id: String(n + 1),
        conversationId: `peer_user_${uid}`,
        sender: 'peer',
        receiverType: 'user',
        receiver: uid,
        category: 'message',
        type: 'text',
        sentAt: Math.floor(Date.now() / 1000),
      };
      const started = performance.now();
      const response = await fetch(`${instances[0]}/api/inbox/webhooks/cometchat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: auth },
        body: JSON.stringify({
          trigger: 'message_sent',
          data: { message },
          appId: 'bench',
          region: 'eu',
          webhook: 'w',
        }),
      });
      await response.arrayBuffer();
      const client = clients.get(uid)!;
      await until(() => client.total === total, 30_000);
      latencies.push(client.at - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    for (const client of clients.values()) client.controller.abort();
    for (const handler of handlers) {
      handler.closeLive();
      handler.changes.close();
    }
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    for (const redis of redisClients) redis.disconnect();
    await redisServer.stop();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return { webhooks: count, instances: 3, 'p50 (ms)': at(0.5), 'p99 (ms)': at(0.99), 'max (ms)': at(1) };
}

/** (c) Vendor reads per watched user per hour, polling vs webhooks (bench/webhooks.ts's simulated hour). */
async function reads(): Promise<Record<string, number>> {
  const { run } = await import('./webhooks.js');
  const polling = await run('polling', 6);
  const hooks = await run('webhooks', 6);
  return {
    'polling every 15 s: reads/user/hour': Math.round(polling.readsPerUserHour * 10) / 10,
    'live (webhooks + reconciliation, 6 events/user/hour): reads/user/hour':
      Math.round(hooks.readsPerUserHour * 10) / 10,
    'wrong badges after reconcileMs (live)': hooks.wrong,
  };
}

/** The scenarios, by name. */
const SCENARIOS: Record<string, () => Promise<Record<string, number>>> = {
  webhook: () => webhook(Number(args.get('webhooks') || 200)),
  fanout: () => fanout(Number(args.get('connections') || 10_000)),
  reads,
};

if (args.has('serve')) {
  await serve();
} else {
  const names = args.get('scenario') ? [args.get('scenario')!] : Object.keys(SCENARIOS);
  for (const name of names) {
    const run = SCENARIOS[name];
    if (!run) throw new Error(`no scenario ${name}; known: ${Object.keys(SCENARIOS).join(', ')}`);
    console.log(`live / ${name}:`, await run());
  }
}
