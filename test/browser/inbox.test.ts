import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page, type Request as PageRequest } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
/** The vendor credentials of the local stack: they live in the server process only. */
const VENDOR_SECRETS = ['demo-token', 'demo-key'];

let browser: Browser;
let page: Page;
let stack: LocalStack;
const requests: PageRequest[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The browser test needs Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(`${root}/dist/browser/inbox-client.js`))
    throw new Error('The browser build is missing: run `npx tsup` (npm test does)');
  // The page and createInboxHandler on one origin, the handler in front of the Prism mocks.
  stack = await startLocalStack({ commboxUrl: inject('commboxUrl'), cometchatUrl: inject('cometchatUrl'), port: 0 });
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
  page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  page.on('request', (request) => requests.push(request));
}, 180_000); // starts servers: a deadline far above the work on a loaded machine

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

interface Row {
  provider: string;
  id: string;
  title: string;
  unread: number;
}

async function rendered(): Promise<{ rows: Row[]; total: number; failures: string[]; stale: boolean }> {
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
    stale: !(document.getElementById('stale') as HTMLElement).hidden,
  }));
}

/**
 * What the mocks serve for a scenario, read straight from them with the stack's own API key: the
 * stateful CometChat mock keeps one state per key, and other files may have marked conversations
 * read under theirs.
 */
async function served(commboxPrefer: string, cometchatPrefer: string) {
  const commbox = await fetch(`${inject('commboxUrl')}/v2/users/identities/558355/objects`, {
    headers: { Authorization: 'Bearer t', ...(commboxPrefer ? { Prefer: commboxPrefer } : {}) },
  }).then((response) => response.json());
  const cometchat = await fetch(`${inject('cometchatUrl')}/conversations`, {
    headers: {
      apikey: VENDOR_SECRETS[1]!,
      onBehalfOf: 'superhero4',
      ...(cometchatPrefer ? { Prefer: cometchatPrefer } : {}),
    },
  }).then((response) => response.json());
  return {
    ids: [
      ...commbox.data.map((object: { objectId: number }) => `commbox:${object.objectId}`),
      ...cometchat.data.map((c: { conversationId: string }) => `cometchat:${c.conversationId}`),
    ],
    total:
      commbox.data.reduce((sum: number, object: { unreadMessages?: number }) => sum + (object.unreadMessages ?? 0), 0) +
      cometchat.data.reduce(
        (sum: number, c: { unreadMessageCount: string | number }) => sum + Number(c.unreadMessageCount),
        0,
      ),
  };
}

describe('the example inbox in headless Chromium, through createInboxHandler', () => {
  it('renders the vendor examples from both mocks, with unread badges and the total', async () => {
    await page.goto(`${stack.url}/examples/inbox/`);
    const { rows, total, failures, stale } = await rendered();
    const expected = await served('', '');
    expect(failures).toEqual([]);
    expect(stale).toBe(false);
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

  it('marks a CometChat conversation read through the handler (204)', async () => {
    const answer = page.waitForResponse((response) => response.request().method() === 'POST');
    await page.click('.conversation[data-id="superhero3_user_superhero4"] .mark-read');
    const response = await answer;
    expect(response.status()).toBe(204);
    expect(new URL(response.url()).pathname).toBe('/api/inbox/conversations/cometchat/superhero3_user_superhero4/read');
    await page.waitForSelector('body[data-state="ready"]');
  });

  it('one provider throttled still shows the other, with the failure', async () => {
    await page.selectOption('#scenario', 'throttled');
    await page.waitForFunction(() => document.querySelectorAll('.failure').length === 1);
    const { rows, total, failures } = await rendered();
    expect(failures[0]).toMatch(/^CommBox is throttling this account/); // the name once, not "CommBox: CommBox is…"
    expect(rows.every((row) => row.provider === 'cometchat')).toBe(true);
    expect(rows).toHaveLength(3);
    // The example's 5, less the 3 of the conversation marked read above: the mock keeps state.
    expect(total).toBe(2);
  });

  it('at phone width (390 px): nothing off screen, messages on two lines instead of cut short, no 404', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const missing: string[] = [];
    phone.on('response', (response) => {
      if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
    });
    try {
      await phone.goto(`${stack.url}/examples/inbox/`);
      await phone.selectOption('#scenario', 'unread');
      await phone.waitForFunction(
        () => document.body.dataset.state === 'ready' && document.querySelectorAll('.conversation').length > 0,
      );
      const layout = await phone.evaluate(() => {
        const select = document.getElementById('scenario')!.getBoundingClientRect();
        const previews = [...document.querySelectorAll<HTMLElement>('.conversation .preview')].filter(
          (preview) => preview.textContent,
        );
        return {
          pageWidth: document.documentElement.scrollWidth,
          selectLeft: select.left,
          selectRight: select.right,
          // A preview cut short overflows its box; one on two lines does not (each is at least ~40 characters in this scenario).
          cut: previews
            .filter((preview) => preview.scrollWidth > preview.clientWidth + 1)
            .map((preview) => preview.textContent),
          narrowest: Math.min(...previews.map((preview) => preview.getBoundingClientRect().width)),
          longest: Math.max(...previews.map((preview) => preview.textContent!.length)),
        };
      });
      expect(layout.pageWidth).toBeLessThanOrEqual(390);
      expect(layout.selectLeft).toBeGreaterThanOrEqual(0);
      expect(layout.selectRight).toBeLessThanOrEqual(390);
      expect(layout.cut).toEqual([]);
      expect(layout.narrowest).toBeGreaterThan(300); // the full row width, not a sliver beside the provider column
      expect(layout.longest).toBeGreaterThan(12);
      const shot = await phone.screenshot({ path: `${artifacts}/inbox-phone-390.png`, fullPage: true });
      expect(shot.readUInt32BE(16)).toBe(390); // PNG width
      expect(missing).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('an empty inbox shows a zero total', async () => {
    await page.selectOption('#scenario', 'empty');
    await page.waitForFunction(() => document.getElementById('total')?.textContent === '0');
    const { rows, total } = await rendered();
    expect(total).toBe(0);
    expect(rows).toEqual([]);
  });

  it('no request from the page carries a vendor key or onBehalfOf, and none goes to a vendor', async () => {
    const origin = new URL(stack.url).origin;
    expect(requests.length).toBeGreaterThan(8);
    expect(requests.filter((request) => request.url().includes('/api/inbox/')).length).toBeGreaterThan(4);
    for (const request of requests) {
      expect(new URL(request.url()).origin).toBe(origin);
      const headers = await request.allHeaders();
      expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain('apikey');
      expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain('onbehalfof');
      expect(headers.authorization).toBeUndefined();
      const sent = `${request.url()}\n${JSON.stringify(headers)}\n${request.postData() ?? ''}`;
      for (const secret of VENDOR_SECRETS) expect(sent).not.toContain(secret);
    }
    for (const file of ['examples/inbox/main.js', 'examples/inbox/index.html', 'dist/browser/inbox-client.js']) {
      const text = readFileSync(`${root}/${file}`, 'utf8');
      for (const secret of VENDOR_SECRETS) expect(text).not.toContain(secret);
    }
  });

  it('vendor clients refuse to run in the page unless dangerouslyAllowBrowser', async () => {
    // A string, so that the test runner's transform leaves the page's dynamic import alone.
    const outcome = (await page.evaluate(`(async () => {
      const bundle = await import('/dist/browser/conversations-client.js');
      let refused = '';
      try {
        bundle.createCommBoxClient({ token: 'x' });
      } catch (error) {
        refused = error.message;
      }
      const allowed = bundle.createCometChatClient({ appId: 'a', region: 'eu', apiKey: 'x', dangerouslyAllowBrowser: true });
      return { refused, allowed: typeof allowed.accountKey };
    })()`)) as { refused: string; allowed: string };
    expect(outcome.refused).toMatch(/createCommBoxClient: refused in a browser.*createInboxHandler/);
    expect(outcome.allowed).toBe('string');
  });
});
