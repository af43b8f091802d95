/**
 * Live updates (GET /events), measured:
 *   (b) `fanout`: N concurrent SSE connections on one instance (a child process, node:http +
 *       toNodeListener + the live modules): server heap per connection (after GC), and the time for one
 *       change to reach every connection (from publishing to the last client reading its event).
 *   (a) `webhook`: vendor webhook → callback in a subscribed client, p50/p99, 3 instances + Redis:
 *       to be added once the handler serves /events and the webhooks (see SCENARIOS below).
 *   (c) vendor REST reads per watched user per hour, live vs polling: left to the lead.
 * Usage: node --expose-gc --import tsx bench/live.ts [--connections 10000] [--scenario fanout]
 */
import { spawn } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const args = new Map(process.argv.slice(2).flatMap((arg, i, all) => (arg.startsWith('--') ? [[arg.slice(2), all[i + 1] ?? '']] : [])));

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
    conversations: [{ provider: 'cometchat' as const, id: 'c1', title: 'Captain America', unread: total, updatedAt: '2026-03-02T09:12:00.000Z' }],
    failures: [],
    stale: false,
    asOf: new Date().toISOString(),
  });
  const events = toNodeListener((request) => live.respond(request, { userKey: request.headers.get('x-user') ?? 'everyone', load: async () => summary() }));
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
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('exit', (code) => reject(new Error(`the live server exited with ${code}`)));
  });
  return { port, stop: () => void child.kill() };
}

const get = async <T>(port: number, path: string): Promise<T> => (await fetch(`http://127.0.0.1:${port}${path}`)).json() as Promise<T>;

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
    client.socket.on('connect', () => client.socket.write('GET /api/inbox/events HTTP/1.1\r\nHost: bench\r\nX-User: everyone\r\nAccept: text/event-stream\r\n\r\n'));
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
      clients.push(...(await Promise.all(Array.from({ length: Math.min(500, connections - opened) }, () => openClient(server.port)))));
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

/** The scenarios, by name: (a) joins here once the handler is wired (webhook → 3 instances + Redis → client). */
const SCENARIOS: Record<string, () => Promise<Record<string, number>>> = {
  fanout: () => fanout(Number(args.get('connections') || 10_000)),
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
