import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
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
/** The mocks' clock: the test moves it, so `live` never waits on the wall clock. */
let now = Date.parse('2026-11-22T10:00:00Z');

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The browser test needs Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(`${root}/dist/browser/inbox-client.js`))
    throw new Error('The browser build is missing: run `npx tsup` (npm test does)');
  // Mocks of its own: this file changes their state (mark read), which other files must not see.
  mocks = await startMockServers({ clock: () => now });
  stack = await startLocalStack({
    commboxUrl: mocks.commbox.url,
    cometchatUrl: mocks.cometchat.url,
    port: 0,
    cacheTtlMs: 1,
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 180_000); // starts servers: a deadline far above the work on a loaded machine

afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await mocks?.close();
});

async function total(page: Page): Promise<number> {
  await page.waitForSelector('body[data-state="ready"]');
  return Number(await page.textContent('#total'));
}

const badge = (page: Page, id: string) => page.textContent(`.conversation[data-id="${id}"] .badge`).then(Number);

describe('the example page against the stateful mock', () => {
  it('mark read: the next summary shows the conversation at 0 and the total lowered', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/examples/inbox/?scenario=unread&interval=60000`);
    await page.waitForSelector('.conversation[data-id="superhero3_user_superhero4"]');
    const before = await total(page);
    expect(await badge(page, 'superhero3_user_superhero4')).toBe(3);
    const summary = page.waitForResponse(
      (response) => response.url().endsWith('/api/inbox/summary') && response.request().method() === 'GET',
    );
    await page.click('.conversation[data-id="superhero3_user_superhero4"] .mark-read');
    await summary;
    await expect.poll(() => badge(page, 'superhero3_user_superhero4'), { timeout: 15_000 }).toBe(0);
    expect(await total(page)).toBe(before - 3);
    // A fresh page (a new summary) agrees: the mock kept it.
    await page.reload();
    await page.waitForSelector('.conversation[data-id="superhero3_user_superhero4"]');
    expect(await badge(page, 'superhero3_user_superhero4')).toBe(0);
    expect(await total(page)).toBe(before - 3);
    await page.close();
  });

  it('live: ten seconds of new messages raise the badge', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/examples/inbox/?scenario=live&interval=500`);
    const first = await total(page);
    now += 10_000; // a new message every few seconds: 2 to 5 by 10 s
    await expect.poll(() => total(page), { timeout: 20_000, interval: 200 }).toBeGreaterThan(first);
    await page.close();
  });

  it('a partial total says so', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/examples/inbox/?scenario=throttled&interval=60000`);
    await page.waitForSelector('.failure');
    expect(await page.isVisible('#partial')).toBe(true);
    expect(await page.textContent('#partial')).toBe('partial: without CommBox');
    expect(await page.getAttribute('#total', 'class')).toContain('partial');
    await page.close();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npm start with every port overridden', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    }
  });

  it('prints URLs that work, and the page reads through them with no default port in sight', async () => {
    const [commbox, cometchat, example, inbox] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/mock.ts'], {
      cwd: root,
      env: {
        ...process.env,
        COMMBOX_MOCK_PORT: String(commbox),
        COMETCHAT_MOCK_PORT: String(cometchat),
        EXAMPLE_PORT: String(example),
        INBOX_MOCK_PORT: String(inbox),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    // The banner's last line: every server is up and every URL printed.
    await expect.poll(() => output, { timeout: 150_000, interval: 200 }).toMatch(/Ready in .* s\. Ctrl-C stops/);
    const pageUrl = /Example inbox page\s+(\S+)/.exec(output)?.[1];
    expect(pageUrl).toBe(`http://127.0.0.1:${example}/examples/inbox/`);
    expect(output).toContain(`http://127.0.0.1:${commbox}`);
    expect(output).toContain(`http://127.0.0.1:${cometchat}`);
    expect(output).toContain(`http://127.0.0.1:${inbox}`);
    expect(output).not.toMatch(/:40(10|11|12)\b|:4000\b/);

    const page = await browser.newPage();
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    await page.goto(`${pageUrl}?scenario=unread`);
    await page.waitForSelector('.conversation[data-provider="commbox"]');
    await page.waitForSelector('.conversation[data-provider="cometchat"]');
    expect(await page.$$eval('.failure', (items) => items.map((item) => item.textContent))).toEqual([]);
    expect(await total(page)).toBe(9);
    expect([...origins]).toEqual([`http://127.0.0.1:${example}`]);
    const inboxMock = await fetch(`http://127.0.0.1:${inbox}/summary`, { headers: { Cookie: 'session=any' } });
    expect(inboxMock.status).toBe(200);
    await page.close();
  }, 240_000);
});
