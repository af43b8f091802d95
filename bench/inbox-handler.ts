/**
 * The inbox handler against a hand-written backend (createInbox per request, the clients' default
 * retries), both over loopback HTTP in front of a local stand-in for both vendors that counts calls.
 * Measures vendor calls per N requests, and latency while CometChat is throttled.
 * Run alone: `npm run build && node --import tsx bench/inbox-handler.ts`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createCommBoxClient, createCometChatClient, createInbox } from '../dist/index.js';
import { createInboxHandler, toNodeListener } from '../dist/server.js';
import { median } from './lib/stats.js';
import { startVendorStandIn, type VendorStandIn } from '../test/support/vendor-stand-in.js';

type Listener = Parameters<typeof createServer>[1] & {};

interface Backend {
  url: string;
  server: Server;
  /** Moves the handler's clock (the hand-written backend has no cache to age). */
  advance(ms: number): void;
}

/** The bench's visitor (a header here; a session in a real site): user N is CommBox identity 558355 + N and CometChat `userN`. */
const userOf = (request: { headers: Headers | Record<string, unknown> }): number =>
  Number(
    (request.headers instanceof Headers ? request.headers.get('x-user') : (request.headers['x-user'] as string)) ?? 0,
  );

function clients(vendors: VendorStandIn) {
  return {
    commbox: createCommBoxClient({ token: 'bench-token', baseUrl: `${vendors.url}/commbox` }),
    cometchat: createCometChatClient({
      appId: 'bench',
      region: 'eu',
      apiKey: 'bench-key',
      baseUrl: `${vendors.url}/cometchat`,
    }),
  };
}

async function serve(listener: Listener, advance: (ms: number) => void = () => {}): Promise<Backend> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, advance };
}

/** createInboxHandler with its defaults, on an injected clock. */
function handlerBackend(vendors: VendorStandIn): Promise<Backend> {
  let now = Date.now();
  const { commbox, cometchat } = clients(vendors);
  const handler = createInboxHandler({
    commbox: { client: commbox },
    cometchat: { client: cometchat },
    resolveUser: (request) => ({
      commbox: { userIdentityId: 558355 + userOf(request) },
      cometchat: { uid: `user${userOf(request)}` },
    }),
    now: () => now,
  });
  return serve(toNodeListener(handler), (ms) => void (now += ms));
}

/** What a team writes by hand: one createInbox summary per request, the clients shared. */
function handWrittenBackend(vendors: VendorStandIn): Promise<Backend> {
  const { commbox, cometchat } = clients(vendors);
  return serve(async (request, response) => {
    const user = userOf(request);
    const inbox = createInbox({
      commbox: { client: commbox, userIdentityId: 558355 + user },
      cometchat: { client: cometchat, uid: `user${user}` },
    });
    const summary = await inbox.unreadSummary();
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ...summary, failures: summary.failures.map((f) => f.error.message) }));
  });
}

const get = (backend: Backend, user = 0) =>
  fetch(`${backend.url}/api/inbox/summary`, { headers: { 'x-user': String(user) } }).then(async (response) => {
    await response.arrayBuffer();
    return response.status;
  });

export interface InboxHandlerFigures {
  rows: { scenario: string; handler: string; handWritten: string }[];
}

type Make = (vendors: VendorStandIn) => Promise<Backend>;

async function withBackend<T>(make: Make, run: (backend: Backend, vendors: VendorStandIn) => Promise<T>): Promise<T> {
  const vendors = await startVendorStandIn({ recordRequests: false });
  const backend = await make(vendors);
  try {
    return await run(backend, vendors);
  } finally {
    backend.server.closeAllConnections();
    await new Promise((resolve) => backend.server.close(resolve));
    await vendors.close();
  }
}

const callsOf = (vendors: VendorStandIn) => `${vendors.calls.commbox} + ${vendors.calls.cometchat}`;

/** 200 concurrent summaries for one user: vendor calls (CommBox + CometChat). */
const burst = (make: Make) =>
  withBackend(make, async (backend, vendors) => {
    await Promise.all(Array.from({ length: 200 }, () => get(backend)));
    return callsOf(vendors);
  });

/** 20 users polling every second for 30 s (the handler's clock moved, not waited): vendor calls. */
const polling = (make: Make) =>
  withBackend(make, async (backend, vendors) => {
    for (let second = 0; second < 30; second++) {
      await Promise.all(Array.from({ length: 20 }, (_, user) => get(backend, user)));
      backend.advance(1_000);
    }
    return callsOf(vendors);
  });

/** CometChat answering 429 Retry-After: `retryAfterS`; `requests` sequential summaries: median and worst latency, CometChat calls. */
const throttled = (make: Make, retryAfterS: number, requests: number, concurrent = 1) =>
  withBackend(make, async (backend, vendors) => {
    await get(backend); // warm: the last good data is cached where there is a cache
    backend.advance(16_000);
    vendors.throttle('cometchat', retryAfterS);
    const before = vendors.calls.cometchat;
    const latencies: number[] = [];
    for (let index = 0; index < requests; index++) {
      await Promise.all(
        Array.from({ length: concurrent }, async (_, user) => {
          const started = performance.now();
          await get(backend, user);
          latencies.push(performance.now() - started);
        }),
      );
    }
    const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(1)} ms`);
    const p99 = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * 0.99)]!;
    return `median ${ms(median(latencies))}, p99 ${ms(p99)}; ${vendors.calls.cometchat - before} CometChat call${vendors.calls.cometchat - before === 1 ? '' : 's'}`;
  });

export async function measureInboxHandler(): Promise<InboxHandlerFigures> {
  const rows: InboxHandlerFigures['rows'] = [];
  rows.push({
    scenario: '200 concurrent summaries, one user: vendor calls (CommBox + CometChat)',
    handler: await burst(handlerBackend),
    handWritten: await burst(handWrittenBackend),
  });
  rows.push({
    scenario: '20 users polling every second for 30 s: vendor calls',
    handler: await polling(handlerBackend),
    handWritten: await polling(handWrittenBackend),
  });
  rows.push({
    scenario:
      'CometChat 429 Retry-After: 30, 500 sequential summaries (handler) / Retry-After: 5, 20 users at once (hand-written)',
    handler: await throttled(handlerBackend, 30, 500),
    handWritten: await throttled(handWrittenBackend, 5, 1, 20),
  });
  return { rows };
}

/** The figures as a markdown table. */
export function inboxHandlerTable(figures: InboxHandlerFigures): string {
  const lines = ['| scenario | createInboxHandler | hand-written backend |', '| --- | --- | --- |'];
  for (const row of figures.rows) lines.push(`| ${row.scenario} | ${row.handler} | ${row.handWritten} |`);
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  console.log(inboxHandlerTable(await measureInboxHandler()));
}
