import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-server.js';

/**
 * The files in dist/browser are for pages without a bundler: each must work alone. Each is copied
 * alone into an empty folder, served over HTTP and imported by a page in Chromium.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const browserDist = fileURLToPath(new URL('../../dist/browser/', import.meta.url));

let browser: Browser;
let folder: string;
let site: LoopbackServer;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`The browser test needs Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`);
  if (!existsSync(join(browserDist, 'inbox-client.js')))
    throw new Error('The browser build is missing: run `npx tsup` (npm test does)');
  folder = mkdtempSync(join(tmpdir(), 'browser-file-'));
  // Serves the folder's files as they are, nothing else (a missing chunk is a 404).
  site = await listenOnLoopback((request, response) => {
    const name = new URL(request.url ?? '/', 'http://x').pathname.slice(1);
    const path = join(folder, name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(path)) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': name.endsWith('.html') ? 'text/html' : 'text/javascript' })
      .end(readFileSync(path));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

/** Copies `file` alone into the emptied folder, opens a page that imports it, and returns what the page saw. */
async function importAlone(
  file: string,
  probe: string,
): Promise<{ result: unknown; failed: string[]; errors: string[] }> {
  for (const entry of readdirSync(folder)) rmSync(join(folder, entry), { recursive: true, force: true });
  copyFileSync(join(browserDist, file), join(folder, file));
  writeFileSync(
    join(folder, 'index.html'),
    `<!doctype html><script type="module">
      import * as m from './${file}';
      try { window.result = await (${probe})(m); } catch (error) { window.result = 'threw: ' + error; }
    </script>`,
  );
  const page = await browser.newPage();
  const failed: string[] = [];
  const errors: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto(`${site.url}/index.html`);
    await page.waitForFunction(() => 'result' in window, undefined, { timeout: 60_000 }).catch(() => undefined);
    return { result: await page.evaluate(() => (window as unknown as { result?: unknown }).result), failed, errors };
  } finally {
    await page.close();
  }
}

describe('dist/browser files are self-contained ES modules', () => {
  it.each(['inbox-client.js', 'conversations-client.js'])('%s imports no other file', (file) => {
    const source = readFileSync(join(browserDist, file), 'utf8');
    expect(source).not.toMatch(/\bimport\s*\(?\s*["'`]|\bfrom\s*["'`]/);
  });

  it('inbox-client.js, alone in a folder, loads in Chromium and its client works', async () => {
    const probe = `async (m) => {
      const calls = [];
      const client = m.createInboxClient({ baseUrl: 'https://site.test/api/inbox', fetch: async (input) => {
        calls.push(String(input instanceof Request ? input.url : input));
        return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'sign in' } }), { status: 401, headers: { 'content-type': 'application/json' } });
      } });
      const error = await client.summary().catch((caught) => caught);
      return { exports: Object.keys(m).sort(), isInboxApiError: error instanceof m.InboxApiError, status: error.status, calls };
    }`;
    const { result, failed, errors } = await importAlone('inbox-client.js', probe);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    expect(result).toMatchObject({
      isInboxApiError: true,
      status: 401,
      calls: [expect.stringMatching(/^https:\/\/site\.test\/api\/inbox\/summary/)],
    });
    expect((result as { exports: string[] }).exports).toEqual(
      expect.arrayContaining(['createInboxClient', 'InboxApiError']),
    );
  });

  it('conversations-client.js, alone in a folder, loads in Chromium and its typed errors work', async () => {
    const probe = `async (m) => {
      const client = m.createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k', onBehalfOf: 'superhero4', baseUrl: 'https://cometchat.test', maxRetries: 0, dangerouslyAllowBrowser: true,
        fetch: async () => new Response(JSON.stringify({ error: { code: 'ERR_UID_NOT_FOUND', message: 'no such user' } }), { status: 404, headers: { 'content-type': 'application/json' } }) });
      const error = await client.getUserConversation('nobody').catch((caught) => caught);
      return { exports: Object.keys(m).sort(), notFound: error instanceof m.NotFoundError, api: error instanceof m.ApiError, code: error.code, name: error.name };
    }`;
    const { result, failed, errors } = await importAlone('conversations-client.js', probe);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ notFound: true, api: true, code: 'ERR_UID_NOT_FOUND', name: 'NotFoundError' });
    expect((result as { exports: string[] }).exports).toEqual(
      expect.arrayContaining(['createCommBoxClient', 'createCometChatClient', 'createInbox', 'ApiError']),
    );
  });
});
