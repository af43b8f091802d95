// Hono: the same app runs on Bun, Deno, Cloudflare Workers and Node (see server.mjs).
import { Hono } from 'hono';
import { handler } from './inbox.mjs';

export const app = new Hono();
app.all('/api/inbox/*', (c) => handler(c.req.raw));
app.get('/', (c) => c.text("curl -H 'Cookie: session=demo' /api/inbox/summary"));
