import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/server/node-listener.js';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-server.js';
import { createLiveSite, summaryWith } from './support/live-site.js';
import { eventually } from './support/sse-reader.js';

const CHROMIUM = '/usr/bin/chromium';
const entry = fileURLToPath(new URL('../../src/browser/live/index.ts', import.meta.url));
const clientEntry = fileURLToPath(new URL('../../src/browser/index.ts', import.meta.url));

let browser: Browser;
let server: LoopbackServer;
let context: BrowserContext | undefined;
let site: ReturnType<typeof createLiveSite>;
/** `/events` streams open right now, and opened in all, on the loopback server. */
const streams = { open: 0, opened: 0 };

/** The page: the live source bundled from src/browser/live, its summaries and fallbacks kept on window. */
let script = '';
/** The whole browser client (createInboxClient), for the watch tests. */
let clientScript = '';
/** `/flaky/events` answers 404 while `flaky.down`; `/flaky/summary` serves ann's summary (counted). */
const flaky = { down: true, summaries: 0 };
const watchPage = `<!doctype html><meta charset="utf-8"><title>watch</title>
<script>${'${clientScript}'}</script>
<script>
  window.totals = [];
  InboxClient.createInboxClient({ baseUrl: '/flaky', liveRetryMs: 1000 }).watch({ intervalMs: 100 }, (s) => window.totals.push(s.total));
</script>`;
const page = (options: string) => `<!doctype html><meta charset="utf-8"><title>live</title>
<script>${script}</script>
<script>
  window.totals = []; window.fallbacks = [];
  window.startLive = (extra) => { window.live = LiveSource.createLiveSummarySource({ ...extra, onSummary: (s) => window.totals.push(s.total), onFallback: (r) => window.fallbacks.push(r) }); };
  window.startLive(${options});
</script>`;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The browser test needs Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'LiveSource',
    write: false,
    target: 'es2022',
  });
  script = bundle.outputFiles[0]!.text;
  const client = await build({
    entryPoints: [clientEntry],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'InboxClient',
    write: false,
    target: 'es2022',
  });
  clientScript = client.outputFiles[0]!.text;
  site = createLiveSite({ freshAsOf: true });
  const live = toNodeListener(site.handler);
  server = await listenOnLoopback((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/api/inbox/events') {
      streams.open++;
      streams.opened++;
      response.once('close', () => streams.open--);
      request.headers['x-user'] = 'ann';
      return live(request, response);
    }
    if (url.pathname === '/flaky/events' && !flaky.down) {
      streams.open++;
      streams.opened++;
      response.once('close', () => streams.open--);
      request.headers['x-user'] = 'ann';
      request.url = '/api/inbox/events';
      return live(request, response);
    }
    if (url.pathname === '/flaky/summary') {
      flaky.summaries++;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
      return response.end(JSON.stringify(summaryWith(site.totals.get('ann') ?? 0)));
    }
    if (url.pathname === '/watch') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return response.end(watchPage.replace('${clientScript}', clientScript));
    }
    if (url.pathname === '/buffered/events') {
      // A buffering proxy: the headers come, the events never do.
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      return response.flushHeaders();
    }
    if (url.pathname.endsWith('/events')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      return response.end('{"error":{"code":"not_found","message":"No such inbox route"}}');
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page(url.searchParams.get('options') ?? '{}'));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 120_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
  await eventually(() => streams.open === 0);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const totalsOf = (tab: Page) => tab.evaluate(() => (window as unknown as { totals: number[] }).totals);
const fallbacksOf = (tab: Page) => tab.evaluate(() => (window as unknown as { fallbacks: string[] }).fallbacks);
async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
/** Makes `tab` report itself hidden or visible, as switching tabs would. */
const setHidden = (tab: Page, hidden: boolean) =>
  tab.evaluate((value) => {
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (value ? 'hidden' : 'visible'),
    });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

describe('live summaries across tabs in Chromium', () => {
  it('two tabs share one /events connection, both hear each change, and closing the leader hands over', async () => {
    context = await browser.newContext();
    site.totals.set('ann', 1);
    const first = await context.newPage();
    await first.goto(`${server.url}/`);
    await until(async () => (await totalsOf(first)).includes(1));
    const second = await context.newPage();
    await second.goto(`${server.url}/`);
    await until(async () => (await totalsOf(second)).includes(1));
    expect(streams.open).toBe(1);

    await site.change('ann', 5);
    await until(async () => (await totalsOf(first)).at(-1) === 5 && (await totalsOf(second)).at(-1) === 5);
    expect(await totalsOf(first)).toEqual([1, 5]);
    expect(await totalsOf(second)).toEqual([1, 5]);
    expect(streams.open).toBe(1);

    // The leader tab closes: the other takes the lock and opens the one stream again.
    const openedBefore = streams.opened;
    const closedAt = Date.now();
    await first.close();
    await until(async () => streams.opened === openedBefore + 1 && streams.open === 1);
    expect(Date.now() - closedAt).toBeLessThan(20_000); // generous on a loaded machine; typically a few ms
    await site.change('ann', 7);
    await until(async () => (await totalsOf(second)).at(-1) === 7);
    expect(await totalsOf(second)).toEqual([1, 5, 7]); // the new stream's snapshot (5, a later asOf) was not shown again
    expect(await fallbacksOf(second)).toEqual([]);
  });

  it('closes the stream while every tab is hidden, and opens it again when one shows', async () => {
    context = await browser.newContext();
    const options = encodeURIComponent(JSON.stringify({ hiddenGraceMs: 300 }));
    const [first, second] = [await context.newPage(), await context.newPage()];
    await first.goto(`${server.url}/?options=${options}`);
    await until(async () => streams.open === 1);
    await second.goto(`${server.url}/?options=${options}`);
    await setHidden(first, true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(streams.open).toBe(1); // the second tab is still visible
    await setHidden(second, true);
    await eventually(() => streams.open === 0);
    site.totals.set('ann', 11);
    await setHidden(second, false);
    await eventually(() => streams.open === 1);
    await until(async () => (await totalsOf(first)).at(-1) === 11 && (await totalsOf(second)).at(-1) === 11);
  });

  it('falls back when the server has no /events, when no first event comes in time, and without EventSource', async () => {
    context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${server.url}/?options=${encodeURIComponent(JSON.stringify({ baseUrl: '/none' }))}`);
    await until(async () => (await fallbacksOf(tab)).length > 0);
    expect(await fallbacksOf(tab)).toEqual(['unavailable']);

    await tab.goto(
      `${server.url}/?options=${encodeURIComponent(JSON.stringify({ baseUrl: '/buffered', firstEventTimeoutMs: 500 }))}`,
    );
    await until(async () => (await fallbacksOf(tab)).length > 0);
    expect(await fallbacksOf(tab)).toEqual(['timeout']);

    await tab.addInitScript(() => {
      delete (window as { EventSource?: unknown }).EventSource;
    });
    await tab.goto(`${server.url}/`);
    await until(async () => (await fallbacksOf(tab)).length > 0);
    expect(await fallbacksOf(tab)).toEqual(['unsupported']);
    expect(await totalsOf(tab)).toEqual([]);
  });

  it('watch() polls after a fallback and comes back live when the stream returns, then stops polling', async () => {
    context = await browser.newContext();
    flaky.down = true;
    flaky.summaries = 0;
    site.totals.set('ann', 2);
    const tab = await context.newPage();
    await tab.goto(`${server.url}/watch`);
    await until(async () => (await totalsOf(tab)).includes(2)); // by polling: /flaky/events is a 404
    expect(streams.open).toBe(0);
    site.totals.set('ann', 3);
    await until(async () => (await totalsOf(tab)).includes(3));

    flaky.down = false; // the server has its stream again: within liveRetryMs (1 s) the tab is live
    await eventually(() => streams.open === 1);
    const polled = flaky.summaries;
    await site.change('ann', 8);
    await until(async () => (await totalsOf(tab)).at(-1) === 8);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(flaky.summaries).toBe(polled); // live: no more polls (intervalMs is 100)
    flaky.down = true;
  });
});
