/**
 * One server instance of a live site, as its own process (test/live/instances.test.ts starts three):
 * `GET /api/inbox/events` for the user of `x-user`, whose total is the Redis key `<prefix>total:<user>`;
 * `POST /change?user=…&total=…` sets it and publishes the change. Prints its port once listening.
 * Usage: node --import tsx test/live/support/live-instance.ts <redisUrl> <keyPrefix>
 */
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { createLiveEvents } from '../../../src/server/live/live-events.js';
import { toNodeListener } from '../../../src/server/node-listener.js';
import { createRedisChangeFeed } from '../../../src/server/redis/change-feed.js';
import { summaryWith } from './live-site.js';

const [redisUrl, prefix] = process.argv.slice(2) as [string, string];
const redis = new Redis(redisUrl);
redis.on('error', () => {});
const live = createLiveEvents({
  feed: createRedisChangeFeed(redis, {
    key: `${prefix}changes`,
    commandTimeoutMs: 2_000,
    retryIntervalMs: 100,
    blockMs: 500,
  }),
});
const events = toNodeListener((request) => {
  const user = request.headers.get('x-user')!;
  return live.respond(request, {
    userKey: user,
    load: async () => summaryWith(Number((await redis.get(`${prefix}total:${user}`)) ?? 0)),
  });
});
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://instance');
  if (url.pathname === '/change') {
    const user = url.searchParams.get('user')!;
    void redis
      .set(`${prefix}total:${user}`, url.searchParams.get('total')!)
      .then(() => live.changed(user))
      .then((id) => response.end(id));
  } else events(request, response);
});
server.listen(0, '127.0.0.1', () => console.log(String((server.address() as { port: number }).port)));
