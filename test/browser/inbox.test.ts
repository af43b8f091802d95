import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { serveStatic } from '../../scripts/serve-static.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

let browser: Browser;
let page: Page;
let server: Server;
let pageUrl: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`The browser test needs Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(`${root}/dist/browser/conversations-client.js`)) throw new Error('The browser build is missing: run `npx tsup` (npm test does)');
  const served = await serveStatic(root, 0);
  server = served.server;
  // Another origin than the mocks: every request is a CORS request, preflights included.
  pageUrl = `${served.url}/examples/inbox/?commbox=${encodeURIComponent(inject('commboxUrl'))}&cometchat=${encodeURIComponent(inject('cometchatUrl'))}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 900, height: 700 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

interface Row {
  provider: string;
  id: string;
  title: string;
  unread: number;
}

async function rendered(): Promise<{ rows: Row[]; total: number; failures: string[] }> {
  await page.waitForSelector('body[data-state="ready"]');
  return page.evaluate(() => ({
    rows: [...document.querySelectorAll<HTMLElement>('.conversation')].map((item) => ({
      provider: item.dataset.provider ?? '',
      id: item.dataset.id ?? '',
      title: item.querySelector('.title')?.textContent ?? '',
      unread: Number(item.querySelector('.badge')?.textContent),
    })),
    total: Number(document.getElementById('total')?.textContent),
    failures: [...document.querySelectorAll('.failure')].map((item) => item.textContent ?? ''),
  }));
}

/** What the mocks serve for a scenario, read straight from them. */
async function served(commboxPrefer: string, cometchatPrefer: string) {
  const commbox = await fetch(`${inject('commboxUrl')}/v2/users/identities/558355/objects`, {
    headers: { Authorization: 'Bearer t', ...(commboxPrefer ? { Prefer: commboxPrefer } : {}) },
  }).then((response) => response.json());
  const cometchat = await fetch(`${inject('cometchatUrl')}/conversations`, {
    headers: { apikey: 'k', onBehalfOf: 'superhero4', ...(cometchatPrefer ? { Prefer: cometchatPrefer } : {}) },
  }).then((response) => response.json());
  return {
    ids: [
      ...commbox.data.map((object: { objectId: number }) => `commbox:${object.objectId}`),
      ...cometchat.data.map((c: { conversationId: string }) => `cometchat:${c.conversationId}`),
    ],
    total:
      commbox.data.reduce((sum: number, object: { unreadMessages?: number }) => sum + (object.unreadMessages ?? 0), 0) +
      cometchat.data.reduce((sum: number, c: { unreadMessageCount: string | number }) => sum + Number(c.unreadMessageCount), 0),
  };
}

describe('the example inbox in headless Chromium', () => {
  it('renders the vendor examples from both mocks, with unread badges and the total', async () => {
    await page.goto(pageUrl);
    const { rows, total, failures } = await rendered();
    const expected = await served('', '');
    expect(failures).toEqual([]);
    expect(rows.map((row) => `${row.provider}:${row.id}`).sort()).toEqual([...expected.ids].sort());
    expect(total).toBe(expected.total);
    expect(rows.find((row) => row.provider === 'commbox')?.unread).toBe(2);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}/inbox-default.png`, fullPage: true });
  });

  it('switching to the unread scenario lists every conversation newest first', async () => {
    await page.selectOption('#scenario', 'unread');
    await page.waitForFunction(() => document.querySelectorAll('.conversation').length === 6);
    const { rows, total } = await rendered();
    const expected = await served('example=unreadChats', 'example=inbox');
    expect(rows.map((row) => `${row.provider}:${row.id}`)).toEqual([
      'commbox:401120', // updated 2026-03-02 09:12
      'commbox:400871', // 2026-03-01
      'commbox:399502', // 2026-02-28
      'cometchat:superhero3_user_superhero4', // 2025-11-21
      'cometchat:group_project-group', // 2025-11-20
      'cometchat:superhero2_user_superhero4', // 2025-11-19
    ]);
    expect(total).toBe(expected.total);
    expect(total).toBe(9);
    expect(rows[0]).toMatchObject({ title: 'Dana Levi', unread: 3 });
    await page.screenshot({ path: `${artifacts}/inbox-unread.png`, fullPage: true });
  });

  it('one provider failing still shows the other', async () => {
    await page.selectOption('#scenario', 'throttled');
    await page.waitForFunction(() => document.querySelectorAll('.failure').length === 1);
    const { rows, total, failures } = await rendered();
    expect(failures[0]).toMatch(/^RateLimitError: CommBox getUserObjects failed with HTTP 429/);
    expect(rows.every((row) => row.provider === 'cometchat')).toBe(true);
    expect(rows).toHaveLength(3);
    expect(total).toBe(5);
  });

  it('an empty inbox shows a zero total', async () => {
    await page.selectOption('#scenario', 'empty');
    await page.waitForFunction(() => document.getElementById('total')?.textContent === '0');
    const { rows, total } = await rendered();
    expect(total).toBe(0);
    expect(rows).toEqual([]);
  });
});
