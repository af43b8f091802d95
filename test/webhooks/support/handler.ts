import { Redis } from 'ioredis';
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { createRedisStore } from 'conversations-client/redis';
import { createInboxHandler, type InboxHandler, type InboxHandlerOptions } from '../../../src/server/index.js';
import { uniquePrefix } from '../../support/redis-clients.js';
import type { Vendors } from './vendors.js';

/** The webhook credentials the tests configure (and the mock's defaults would send). */
export const CREDENTIALS = {
  cometchat: { username: 'cometchat-hook', password: 'a-long-webhook-password-1' },
  commbox: {
    username: 'commbox-hook',
    password: 'another-long-password-22',
    pathSecret: 'p'.repeat(16) + 'Q_-9'.repeat(5),
  },
};

export const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** One handler instance on the test Redis (a fresh prefix unless `keyPrefix`), webhooks on; visitors by `x-uid` / `x-identity`. */
export function webhookInstance(
  vendors: Vendors,
  redisUrl: string,
  options: Partial<InboxHandlerOptions> & { keyPrefix?: string } = {},
) {
  const redis = new Redis(redisUrl);
  redis.on('error', () => {});
  const errors: { error: Error; source: string }[] = [];
  const { keyPrefix = uniquePrefix(), ...rest } = options;
  const handler: InboxHandler = createInboxHandler({
    cometchat: {
      client: createCometChatClient({ appId: 'app1', region: 'eu', apiKey: 'cc-key', baseUrl: vendors.cometchatUrl }),
    },
    commbox: { client: createCommBoxClient({ token: 'cb-token', baseUrl: vendors.commboxUrl }) },
    resolveUser: (request) => {
      const uid = request.headers.get('x-uid');
      const identity = Number(request.headers.get('x-identity'));
      if (!uid && !identity) return null;
      return { ...(uid ? { cometchat: { uid } } : {}), ...(identity ? { commbox: { userIdentityId: identity } } : {}) };
    },
    store: createRedisStore(redis, { keyPrefix, commandTimeoutMs: 5_000 }),
    storeTimeoutMs: 10_000,
    vendorTimeoutMs: 60_000,
    onError: (error, { source }) => errors.push({ error, source }),
    webhooks: { cometchat: CREDENTIALS.cometchat, commbox: CREDENTIALS.commbox },
    ...rest,
  });
  const summary = async (uid: string) => {
    const response = await handler(new Request('http://site.test/api/inbox/summary', { headers: { 'x-uid': uid } }));
    return (await response.json()) as {
      total: number;
      byProvider: Record<string, number>;
      conversations: { id: string; unread: number }[];
    };
  };
  const post = (path: string, body: string, headers: Record<string, string>) =>
    handler(new Request(`http://site.test/api/inbox/webhooks/${path}`, { method: 'POST', body, headers }));
  const cometchat = (event: unknown, headers: Record<string, string> = {}) =>
    post('cometchat', typeof event === 'string' ? event : JSON.stringify(event), {
      'content-type': 'application/json',
      authorization: basic(CREDENTIALS.cometchat.username, CREDENTIALS.cometchat.password),
      ...headers,
    });
  const commbox = (xml: string, headers: Record<string, string> = {}) =>
    post('commbox', xml, {
      'content-type': 'application/xml',
      authorization: basic(CREDENTIALS.commbox.username, CREDENTIALS.commbox.password),
      ...headers,
    });
  return {
    handler,
    redis,
    errors,
    keyPrefix,
    summary,
    post,
    cometchat,
    commbox,
    close: () => {
      handler.changes.close();
      redis.disconnect();
    },
  };
}

/** A `message_sent` event of one-to-one `from` → `to` (message `id`, at `sentAt`). */
export function messageSent(
  from: string,
  to: string,
  id: string,
  sentAt = 1_700_000_000,
  receiverType: 'user' | 'group' = 'user',
) {
  const conversationId = receiverType === 'group' ? `group_${to}` : [from, to].sort().join('_user_');
  return {
    trigger: 'message_sent',
    data: {
      message: {
        id,
        conversationId,
        sender: from,
        receiverType,
        receiver: to,
        category: 'message',
        type: 'text',
        data: { text: 'hi' },
        sentAt,
        updatedAt: sentAt,
      },
    },
    appId: 'app1',
    region: 'eu',
    webhook: 'hook1',
  };
}

/** A `message_read_receipt` event: `reader` read message `id` of `sender`. */
export function readReceipt(reader: string, sender: string, id: string, timestamp = 1_700_000_100) {
  return {
    trigger: 'message_read_receipt',
    data: {
      receiver: sender,
      receiverType: 'user',
      type: 'receipts',
      sender: reader,
      messageSender: sender,
      body: { action: 'read', messageId: id, user: { uid: reader }, timestamp },
    },
    appId: 'app1',
    region: 'eu',
    webhook: 'hook1',
  };
}
