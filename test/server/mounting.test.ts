import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Hono } from 'hono';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { createInboxHandler, toNodeListener, type InboxHandler } from '../../src/server/index.js';
import { schemaValidator } from '../support/spec.js';

/** The handler against the real Prism mocks of both vendors. */
let handler: InboxHandler;
const inboxSpec = parse(readFileSync(new URL('../../openapi/inbox.yaml', import.meta.url), 'utf8'));
const validSummary = schemaValidator(inboxSpec, '#/components/schemas/InboxSummary');
const validProblem = schemaValidator(inboxSpec, '#/components/schemas/Problem');

beforeAll(() => {
  handler = createInboxHandler({
    commbox: { client: createCommBoxClient({ token: 'prism-token', baseUrl: inject('commboxUrl') }) },
    cometchat: {
      client: createCometChatClient({
        appId: 'demo',
        region: 'us',
        apiKey: 'prism-key',
        baseUrl: inject('cometchatUrl'),
      }),
    },
    resolveUser: (request) =>
      request.headers.get('cookie')?.includes('session=ok')
        ? { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } }
        : null,
  });
});

async function listenOn(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const close = (server: Server) => new Promise((resolve) => server.close(resolve));
const signedIn = { cookie: 'session=ok' };

describe('against the Prism mocks', () => {
  it('the summary matches openapi/inbox.yaml and the vendors’ examples', async () => {
    const response = await handler(new Request('http://site.test/api/inbox/summary', { headers: signedIn }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(validSummary(body), JSON.stringify(validSummary.errors)).toBe(true);
    expect(body.failures).toEqual([]);
    expect(body.conversations.length).toBeGreaterThan(0);
    expect(body.total).toBe(body.byProvider.commbox + body.byProvider.cometchat);
  });

  it('error bodies match the Problem schema', async () => {
    for (const request of [
      new Request('http://site.test/api/inbox/summary'),
      new Request('http://site.test/api/inbox/conversations/commbox/1/read', { method: 'POST', headers: signedIn }),
      new Request('http://site.test/api/inbox/nope', { headers: signedIn }),
    ]) {
      const body = await (await handler(request)).json();
      expect(validProblem(body), JSON.stringify(body)).toBe(true);
    }
  });
});

describe('mounted in node:http with toNodeListener', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer(toNodeListener(handler));
    url = await listenOn(server);
  });
  afterAll(() => close(server));

  it('serves the summary, the ETag round trip and mark read', async () => {
    const first = await fetch(`${url}/api/inbox/summary`, { headers: signedIn });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect((await first.json()).total).toBeGreaterThanOrEqual(0);
    const again = await fetch(`${url}/api/inbox/summary`, {
      headers: { ...signedIn, 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    const summary = await (await fetch(`${url}/api/inbox/summary`, { headers: signedIn })).json();
    const cometchat = summary.conversations.find((c: { provider: string }) => c.provider === 'cometchat');
    const read = await fetch(`${url}/api/inbox/conversations/cometchat/${encodeURIComponent(cometchat.id)}/read`, {
      method: 'POST',
      headers: signedIn,
    });
    expect(read.status).toBe(204);
  });

  it('answers 401, 404 and 405 as the handler does', async () => {
    expect((await fetch(`${url}/api/inbox/summary`)).status).toBe(401);
    expect((await fetch(`${url}/other`, { headers: signedIn })).status).toBe(404);
    const wrong = await fetch(`${url}/api/inbox/summary`, { method: 'DELETE', headers: signedIn });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');
  });

  it('a handler that throws becomes a bare 500', async () => {
    const failing = createServer(toNodeListener(() => Promise.reject(new Error('boom at /srv/x.js:1'))));
    const failingUrl = await listenOn(failing);
    const response = await fetch(`${failingUrl}/api/inbox/summary`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('boom');
    await close(failing);
  });
});

describe('mounted in Express', () => {
  it('under app.use("/api/inbox", …): the handler sees the full path', async () => {
    const app = express();
    app.get('/health', (_request, response) => void response.send('ok'));
    app.use('/api/inbox', toNodeListener(handler));
    const server = createServer(app);
    const url = await listenOn(server);
    const response = await fetch(`${url}/api/inbox/summary`, { headers: signedIn });
    expect(response.status).toBe(200);
    expect(validSummary(await response.json())).toBe(true);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    await close(server);
  });
});

describe('mounted in Hono', () => {
  it('app.all("/api/inbox/*", (c) => handler(c.req.raw))', async () => {
    const app = new Hono();
    app.all('/api/inbox/*', (c) => handler(c.req.raw));
    const response = await app.request('/api/inbox/summary', { headers: signedIn });
    expect(response.status).toBe(200);
    expect(validSummary(await response.json())).toBe(true);
    expect((await app.request('/api/inbox/summary')).status).toBe(401);
  });
});
