import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxClient, InboxApiError } from '../../src/browser/index.js';
import { RESET_PATH, startInboxApiMock, type InboxApiMock } from '../../src/mock/index.js';
import { call } from './support/mock-client.js';

let mock: InboxApiMock;
beforeAll(async () => {
  mock = await startInboxApiMock();
}, 180_000); // starting Prism: seconds alone, far more on a loaded machine
afterAll(() => mock.close());

const SUMMARY = '/summary';
const READ = '/conversations/{provider}/{id}/read';
/** The inbox client as a page uses it, with the site's session cookie. */
const client = () =>
  createInboxClient({
    baseUrl: mock.url,
    fetch: (input, init) =>
      fetch(new Request(input, init), {
        headers: { ...Object.fromEntries(new Request(input, init).headers), Cookie: 'session=any' },
      }),
  });

describe('the inbox API mock', () => {
  it('serves the example summary, valid against inbox.yaml', async () => {
    const { status, body } = await call(mock.url, 'inbox', 'GET', SUMMARY);
    expect(status).toBe(200);
    expect(body.total).toBe(body.conversations.reduce((sum: number, c: { unread: number }) => sum + c.unread, 0));
  });

  it('mark read: the next summary shows the conversation at 0 and the total lowered', async () => {
    const before = (await call(mock.url, 'inbox', 'GET', SUMMARY)).body;
    const target = before.conversations.find(
      (c: { provider: string; unread: number }) => c.provider === 'cometchat' && c.unread > 0,
    );
    expect(target).toBeDefined();
    await client().markRead(target);
    const after = (await call(mock.url, 'inbox', 'GET', SUMMARY)).body;
    expect(after.conversations.find((c: { id: string }) => c.id === target.id).unread).toBe(0);
    expect(after.total).toBe(before.total - target.unread);
    expect(after.byProvider.cometchat).toBe(before.byProvider.cometchat - target.unread);
    // ETags follow what is shown: the old one no longer matches, the new one gets 304.
    const etag = (await call(mock.url, 'inbox', 'GET', SUMMARY)).headers.get('etag')!;
    expect((await call(mock.url, 'inbox', 'GET', SUMMARY, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await fetch(`${mock.url}${RESET_PATH}`, { method: 'POST' })).status).toBe(204);
    expect((await call(mock.url, 'inbox', 'GET', SUMMARY)).body.total).toBe(before.total);
  });

  it('CommBox answers 501 and an unknown conversation 404, as the handler does', async () => {
    const commbox = await call(mock.url, 'inbox', 'POST', READ, { params: { provider: 'commbox', id: '1' } });
    expect(commbox.status).toBe(501);
    const unknown = await call(mock.url, 'inbox', 'POST', READ, { params: { provider: 'cometchat', id: 'nobody' } });
    expect(unknown.status).toBe(404);
    await expect(client().markRead({ provider: 'commbox', id: '1' })).rejects.toBeInstanceOf(InboxApiError);
  });

  it('still validates requests (no session: 401)', async () => {
    const response = await fetch(`${mock.url}${SUMMARY}`);
    expect(response.status).toBe(401);
  });

  it('answers HEAD /summary like GET without a body, as the handler does', async () => {
    const get = await fetch(`${mock.url}${SUMMARY}`, { headers: { Cookie: 'session=any' } });
    const head = await fetch(`${mock.url}${SUMMARY}`, { method: 'HEAD', headers: { Cookie: 'session=any' } });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(await get.text())));
  });

  it('sends real header values from the spec examples, never the literal "string" or retry-after 0', async () => {
    const ok = await fetch(`${mock.url}${SUMMARY}`, { headers: { Cookie: 'session=any' } });
    expect(ok.headers.get('cache-control')).toBe('private, no-cache');
    expect(ok.headers.get('etag')).toMatch(/^W\/"[^"]+"$/);
    const unavailable = await fetch(`${mock.url}${SUMMARY}`, {
      headers: { Cookie: 'session=any', Prefer: 'code=503' },
    });
    expect(unavailable.status).toBe(503);
    expect(Number(unavailable.headers.get('retry-after'))).toBeGreaterThan(0);
    for (const response of [ok, unavailable]) response.headers.forEach((value) => expect(value).not.toBe('string'));
  });

  it('CORS echoes the origin with credentials allowed (never * with credentials), preflight included', async () => {
    const origin = 'http://localhost:5173';
    const response = await fetch(`${mock.url}${SUMMARY}`, { headers: { Cookie: 'session=any', Origin: origin } });
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toContain('etag');
    const preflight = await fetch(`${mock.url}${READ.replace('{provider}', 'cometchat').replace('{id}', 'x')}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const noOrigin = await fetch(`${mock.url}${SUMMARY}`, { headers: { Cookie: 'session=any' } });
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lists its scenarios, and each one is served', async () => {
    expect(mock.scenarios).toEqual(['bothProviders', 'cometchatThrottled']);
    const throttled = await call(mock.url, 'inbox', 'GET', SUMMARY, {
      headers: { Prefer: 'example=cometchatThrottled' },
    });
    expect(throttled.body.stale).toBe(true);
    expect(throttled.body.failures[0].code).toBe('rate_limited');
  });
});
