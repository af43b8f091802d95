import { Redis } from 'ioredis';
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { createRedisStore, type RedisStoreOptions } from 'conversations-client/redis';
import { createInboxHandler, type InboxHandler, type InboxHandlerOptions } from '../../src/server/index.js';
import type { VendorStandIn } from './vendor-stand-in.js';

/** The secrets the vendor clients are built with: none may ever reach Redis or a response. */
export const SECRETS = { commboxToken: 'cb-secret-token-7f3a', cometchatApiKey: 'cc-secret-apikey-91d2' };

/** One server instance: its own Redis connection, store, vendor clients and handler. */
export interface Instance {
  handler: InboxHandler;
  redis: Redis;
  /** What the handler's onError heard. */
  errors: { error: Error; source: string }[];
  /** GET /api/inbox/summary as visitor `user` (1, 2, …). */
  summary(user: number): Promise<Response>;
  /** POST …/conversations/{provider}/{id}/read as visitor `user`. */
  markRead(user: number, provider: string, id: string): Promise<Response>;
}

/** The visitor from the test's `x-user` header: CommBox identity `n`, CometChat uid `user-n`. */
const resolveUser = (request: Request) => {
  const user = Number(request.headers.get('x-user'));
  return user > 0 ? { commbox: { userIdentityId: user }, cometchat: { uid: `user-${user}` } } : null;
};

/**
 * A handler instance as a server process would build it, sharing Redis at `redisUrl` under `keyPrefix`.
 * Time limits are generous (a loaded 2-core machine must not turn a slow answer into a second vendor call).
 */
export function createInstance(
  vendors: Pick<VendorStandIn, 'commboxUrl' | 'cometchatUrl'>,
  redisUrl: string,
  keyPrefix: string,
  options: { store?: RedisStoreOptions; handler?: Partial<InboxHandlerOptions> } = {},
): Instance {
  const redis = new Redis(redisUrl);
  redis.on('error', () => {}); // Redis is stopped on purpose in some tests
  const errors: Instance['errors'] = [];
  const handler = createInboxHandler({
    commbox: { client: createCommBoxClient({ token: SECRETS.commboxToken, baseUrl: vendors.commboxUrl }) },
    cometchat: {
      client: createCometChatClient({
        appId: 'app1',
        region: 'eu',
        apiKey: SECRETS.cometchatApiKey,
        baseUrl: vendors.cometchatUrl,
      }),
    },
    resolveUser,
    store: createRedisStore(redis, { keyPrefix, commandTimeoutMs: 5_000, ...options.store }),
    storeTimeoutMs: 10_000,
    vendorTimeoutMs: 10_000,
    onError: (error, { source }) => errors.push({ error, source }),
    ...options.handler,
  });
  const send = (user: number, path: string, method = 'GET') =>
    handler(new Request(`http://site.test/api/inbox${path}`, { method, headers: { 'x-user': String(user) } }));
  return {
    handler,
    redis,
    errors,
    summary: (user) => send(user, '/summary'),
    markRead: (user, provider, id) => send(user, `/conversations/${provider}/${encodeURIComponent(id)}/read`, 'POST'),
  };
}
