// Express: `npm install conversations-client express`, then `node server.mjs` (PORT, default 3000).
// Against the mocks: `npx conversations-mock` in another terminal, then
// COMMBOX_URL=http://127.0.0.1:4010 COMETCHAT_URL=http://127.0.0.1:4011 node server.mjs
import express from 'express';
import { toNodeListener } from 'conversations-client/server';
import { handler } from './inbox.mjs';

const app = express();
app.use('/api/inbox', toNodeListener(handler)); // the handler sees the full path (req.originalUrl)
app.get('/', (_request, response) => response.type('text').send("curl -H 'Cookie: session=demo' /api/inbox/summary"));

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`Express inbox on http://127.0.0.1:${server.address().port}/api/inbox/summary`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close(() => process.exit(0)));
