import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack.js';
import { startMockServers, type MockServers } from '../../src/mock/index.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Browser;
let mocks: MockServers;
let stack: LocalStack;
/** The mocks' clock: the test moves it, so live messages never wait on the wall clock. */
let now = Date.parse('2026-11-22T10:00:00Z');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The browser test needs Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(`${root}/dist/browser/inbox-client.js`))
    throw new Error('The browser build is missing: run `npx tsup` (npm test does)');
  // The mocks post their webhooks to the page's site (as `npm start` wires them).
  const port = await freePort();
  mocks = await startMockServers({
    clock: () => now,
    webhooks: { url: `http://127.0.0.1:${port}/api/inbox/webhooks` },
  });
  stack = await startLocalStack({
    commboxUrl: mocks.commbox.url,
    cometchatUrl: mocks.cometchat.url,
    port,
    cacheTtlMs: 600_000,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 180_000); // starts servers: a deadline far above the work on a loaded machine

afterAll(async () => {
  await browser?.close();
  stack?.server.closeAllConnections();
  await stack?.close();
  await mocks?.close();
});

async function total(page: Page): Promise<number> {
  await page.waitForSelector('body[data-state="ready"]');
  return Number(await page.textContent('#total'));
}
const badge = (page: Page, id: string) => page.textContent(`.conversation[data-id="${id}"] .badge`).then(Number);

describe('the example page, live, in two tabs', () => {
  let context: BrowserContext;
  afterAll(() => context?.close());

  it('one /events connection for both tabs; a mock message and a mark-read show in both without polling; closing the leader hands over', async () => {
    context = await browser.newContext();
    const requests = { events: 0, summaries: 0 };
    context.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path === '/api/inbox/events') requests.events++;
      if (path === '/api/inbox/summary') requests.summaries++;
    });
    // A poll every 10 minutes: anything that shows sooner came through the stream.
    const url = `${stack.url}/examples/inbox/?scenario=live&interval=600000`;
    const tab1 = await context.newPage();
    await tab1.goto(url);
    const tab2 = await context.newPage();
    await tab2.goto(url);
    const first = await total(tab1);
    expect(await total(tab2)).toBe(first);
    expect(requests.events).toBe(1);
    expect(requests.summaries).toBe(0);

    // New messages in the mock: its webhooks reach the handler, the stream carries the change to both tabs.
    now += 20_000;
    await expect.poll(() => total(tab1), { timeout: 60_000, interval: 100 }).toBeGreaterThan(first);
    await expect.poll(() => total(tab2), { timeout: 60_000, interval: 100 }).toBe(await total(tab1));
    expect(requests.summaries).toBe(0);

    // Mark read in tab 1: tab 2 shows it from the stream.
    const button = await tab1.waitForSelector('.conversation[data-provider="cometchat"] .mark-read');
    const id = await button.evaluate((element) => element.closest<HTMLElement>('.conversation')!.dataset.id!);
    expect(await badge(tab2, id)).toBeGreaterThan(0);
    await button.click();
    await expect.poll(() => badge(tab2, id), { timeout: 60_000, interval: 100 }).toBe(0);
    expect(requests.events).toBe(1);

    // Tab 1 (the leader) closes: tab 2 opens the one stream and still hears new messages.
    const before = await total(tab2);
    await tab1.close();
    await expect.poll(() => requests.events, { timeout: 30_000, interval: 100 }).toBe(2);
    now += 30_000;
    await expect.poll(() => total(tab2), { timeout: 60_000, interval: 100 }).toBeGreaterThan(before);
    expect(requests.events).toBe(2);
  }, 240_000);
});
