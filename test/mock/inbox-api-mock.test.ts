import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxClient, InboxApiError } from '../../src/browser/index.js';
import { RESET_PATH, startInboxApiMock, type InboxApiMock } from '../../src/mock/index.js';
import { call } from './support/mock-client.js';

let mock: InboxApiMock;
beforeAll(async () => {
  mock = await startInboxApiMock();
});
afterAll(() => mock.close());

const SUMMARY = '/summary';
const READ = '/conversations/{provider}/{id}/read';
/** The inbox client as a page uses it, with the site's session cookie. */
const client = () => createInboxClient({ baseUrl: mock.url, fetch: (input, init) => fetch(new Request(input, init), { headers: { ...Object.fromEntries(new Request(input, init).headers), Cookie: 'session=any' } }) });

describe('the inbox API mock', () => {
  it('serves the example summary, valid against inbox.yaml', async () => {
    const { status, body } = await call(mock.url, 'inbox', 'GET', SUMMARY);
    expect(status).toBe(200);
    expect(body.total).toBe(body.conversations.reduce((sum: number, c: { unread: number }) => sum + c.unread, 0));
  });

  it('mark read: the next summary shows the conversation at 0 and the total lowered', async () => {
    const before = (await call(mock.url, 'inbox', 'GET', SUMMARY)).body;
    const target = before.conversations.find((c: { provider: string; unread: number }) => c.provider === 'cometchat' && c.unread > 0);
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
});
