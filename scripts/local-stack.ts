/**
 * The local stack of `npm start`: the real `createInboxHandler` at /api/inbox, in front of the vendor
 * mocks, on the same origin as the example page. The page holds no vendor key: the keys below live
 * in this server process only. Run alone: `node --import tsx scripts/local-stack.ts` (mocks must be up).
 */
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommBoxClient, createCometChatClient } from '../src/index.js';
import { MOCK_WEBHOOK_CREDENTIALS } from '../src/mock/index.js';
import { createInboxHandler, toNodeListener, type InboxHandler } from '../src/server/index.js';
import { listen, staticListener } from './serve-static.js';

/** The demo visitor every request is signed in as (a real site reads its session in resolveUser). */
export const DEMO_USER = { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } } as const;

/**
 * The example page's scenarios: the `Prefer` header each vendor client sends, on every call
 * (the mock keeps each scenario's state, so a mark read lands in the scenario it was read from).
 */
export const SCENARIOS: Record<string, { commbox: Record<string, string>; cometchat: Record<string, string> }> = {
  default: { commbox: {}, cometchat: {} },
  unread: { commbox: { Prefer: 'example=unreadChats' }, cometchat: { Prefer: 'example=inbox' } },
  live: { commbox: { Prefer: 'example=live' }, cometchat: { Prefer: 'example=live' } },
  many: { commbox: { Prefer: 'example=many' }, cometchat: { Prefer: 'example=many' } },
  empty: { commbox: { Prefer: 'example=emptyInbox' }, cometchat: { Prefer: 'example=empty' } },
  throttled: { commbox: { Prefer: 'code=429' }, cometchat: { Prefer: 'example=inbox' } },
};

export interface LocalStackOptions {
  commboxUrl: string;
  cometchatUrl: string;
  /** @default 4000; 0 picks a free port */
  port?: number;
  host?: string;
  /** How long the handler reuses a summary: short, so the `live` scenario shows at once. @default 1000 */
  cacheTtlMs?: number;
}

export interface LocalStack {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** One handler per scenario, each with its own vendor clients (the mock keys never leave this process). */
function scenarioHandler(options: LocalStackOptions, headers: (typeof SCENARIOS)[string]): InboxHandler {
  return createInboxHandler({
    commbox: { client: createCommBoxClient({ token: 'demo-token', baseUrl: options.commboxUrl, headers: headers.commbox }) },
    cometchat: { client: createCometChatClient({ appId: 'demo', region: 'us', apiKey: 'demo-key', baseUrl: options.cometchatUrl, headers: headers.cometchat }) },
    resolveUser: () => DEMO_USER,
    cacheTtlMs: options.cacheTtlMs ?? 1_000,
    // The mocks' webhooks (development credentials): a live message shows without waiting for the cache.
    webhooks: { cometchat: { ...MOCK_WEBHOOK_CREDENTIALS.cometchat }, commbox: { ...MOCK_WEBHOOK_CREDENTIALS.commbox } },
    onError: (error, { source }) => console.error(`inbox handler (${source}): ${error.message}`),
  });
}

/** The scenario the page picked (a `mock-scenario` cookie: a mock-only switch, never a vendor setting). */
function scenarioOf(cookie: string | undefined): string {
  const name = /(?:^|;\s*)mock-scenario=([a-z]+)/.exec(cookie ?? '')?.[1];
  return name && name in SCENARIOS ? name : 'default';
}

/** Starts the example page and the inbox handler on one origin. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // Not `new URL('..', import.meta.url)`: bundlers and DOM test environments rewrite that pattern.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const listeners = Object.fromEntries(Object.entries(SCENARIOS).map(([name, headers]) => [name, toNodeListener(scenarioHandler(options, headers))]));
  const serveFile = staticListener(root);
  const server = createServer((request, response) => {
    if (request.url === '/' || request.url === '/examples/inbox') {
      response.writeHead(302, { location: '/examples/inbox/' }).end();
    } else if (request.url?.startsWith('/api/inbox/webhooks/')) {
      // Webhooks carry no visitor cookie: the mocks' state changes belong to the `live` scenario.
      listeners.live!(request, response);
    } else if (request.url?.startsWith('/api/inbox/')) {
      listeners[scenarioOf(request.headers.cookie)]!(request, response);
    } else {
      serveFile(request, response);
    }
  });
  const { url } = await listen(server, options.port ?? 4000, options.host);
  return { url, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stack = await startLocalStack({
    commboxUrl: process.env.COMMBOX_URL ?? 'http://127.0.0.1:4010',
    cometchatUrl: process.env.COMETCHAT_URL ?? 'http://127.0.0.1:4011',
    port: Number(process.env.EXAMPLE_PORT ?? 4000),
  });
  console.log(`Example inbox page: ${stack.url}/examples/inbox/  (inbox API: ${stack.url}/api/inbox/summary)`);
}
