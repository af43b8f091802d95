// Hono on Node without an adapter package: node:http in front of app.fetch.
// `npm install conversations-client hono`, then `node server.mjs` (PORT, default 3000; COMMBOX_URL and
// COMETCHAT_URL point it at the mocks of `npx conversations-mock`). On Bun or Deno: `export default app`.
import { createServer } from 'node:http';
import { toNodeListener } from 'conversations-client/server';
import { app } from './app.mjs';

const server = createServer(toNodeListener((request) => app.fetch(request)));
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`Hono inbox on http://127.0.0.1:${server.address().port}/api/inbox/summary`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
