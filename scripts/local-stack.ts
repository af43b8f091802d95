/**
 * The local stack of `npm start`: the real `createInboxHandler` at /api/inbox, in front of the vendor
 * mocks, on the same origin as the example page. The page holds no vendor key: the keys below live
 * in this server process only. Run alone: `node --import tsx scripts/local-stack.ts` (mocks must be up).
 */
import { createServer, type RequestListener, type Server } from 'node:http';
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
  /**
   * Where the page's `dist/browser/inbox-client.js` comes from: `dist` the build (what tests check),
   * `source` bundled from src/browser by esbuild on first request (`npm start`: no build). @default 'dist'
   */
  browserBundle?: 'dist' | 'source';
}

export interface LocalStack {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** One handler per scenario, each with its own vendor clients (the mock keys never leave this process). */
function scenarioHandler(options: LocalStackOptions, headers: (typeof SCENARIOS)[string]): InboxHandler {
  return createInboxHandler({
    commbox: {
      client: createCommBoxClient({ token: 'demo-token', baseUrl: options.commboxUrl, headers: headers.commbox }),
    },
    cometchat: {
      client: createCometChatClient({
        appId: 'demo',
        region: 'us',
        apiKey: 'demo-key',
        baseUrl: options.cometchatUrl,
        headers: headers.cometchat,
      }),
    },
    resolveUser: () => DEMO_USER,
    cacheTtlMs: options.cacheTtlMs ?? 1_000,
    // The mocks' webhooks (development credentials): a live message shows without waiting for the cache.
    webhooks: {
      cometchat: { ...MOCK_WEBHOOK_CREDENTIALS.cometchat },
      commbox: { ...MOCK_WEBHOOK_CREDENTIALS.commbox },
    },
    onError: (error, { source }) => console.error(`inbox handler (${source}): ${error.message}`),
  });
}

/** The scenario the page picked (a `mock-scenario` cookie: a mock-only switch, never a vendor setting). */
function scenarioOf(cookie: string | undefined): string {
  const name = /(?:^|;\s*)mock-scenario=([a-z]+)/.exec(cookie ?? '')?.[1];
  return name && name in SCENARIOS ? name : 'default';
}

/** The browser bundle path the example page imports. */
export const BROWSER_BUNDLE = '/dist/browser/inbox-client.js';

/**
 * Serves {@link BROWSER_BUNDLE} bundled from source by esbuild on first request (a fraction of a
 * second), so `npm start` needs no build; the bundle is kept for later requests.
 */
function sourceBundle(root: string): RequestListener {
  let bundle: Promise<string> | undefined;
  return (_request, response) => {
    bundle ??= import('esbuild').then(async ({ build }) => {
      const result = await build({
        entryPoints: [join(root, 'src/browser/index.ts')],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    });
    bundle.then(
      (text) =>
        response
          .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' })
          .end(text),
      (error: unknown) => {
        bundle = undefined;
        response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(`Could not bundle src/browser: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  };
}

/** A tiny inbox icon, so the page asks for no missing favicon. */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect x="1" y="3" width="14" height="10" rx="2" fill="#3b5bdb"/><path d="M1 9h4l1 2h4l1-2h4" stroke="#fff" fill="none"/></svg>';

/** Starts the example page and the inbox handler on one origin. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // Not `new URL('..', import.meta.url)`: bundlers and DOM test environments rewrite that pattern.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const listeners = Object.fromEntries(
    Object.entries(SCENARIOS).map(([name, headers]) => [name, toNodeListener(scenarioHandler(options, headers))]),
  );
  const serveFile = staticListener(root);
  const serveBundle = sourceBundle(root);
  const server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (path === BROWSER_BUNDLE && options.browserBundle === 'source') {
      serveBundle(request, response);
    } else if (path === '/favicon.ico' || path === '/favicon.svg') {
      response.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'max-age=86400' }).end(FAVICON);
    } else if (request.url === '/' || request.url === '/examples/inbox') {
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
