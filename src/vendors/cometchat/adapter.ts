import { fail, headerValue } from '../../core/validate.js';
import { normalize } from '../../inbox/normalize.js';
import type { ProviderAdapter } from '../../inbox/provider-adapter.js';
import type { CometChatClient, ReadTarget } from './client.js';
import { COMETCHAT_PROFILE } from './profile.js';
import { fromCometChat } from './to-inbox.js';
import type { CometChatConversation } from './types.js';
import type { CometChatWebhookAuth } from './webhook-auth.js';
import { cometchatGroupsOf, cometchatWebhookHint } from './webhook-events.js';

/**
 * CometChat as the inbox, the handler and the mock see it: every conversation of a user (List
 * Conversations on behalf of the uid, across pages); Mark Read (user or group); its webhooks (JSON).
 */
export const cometchatAdapter: ProviderAdapter<
  'cometchat',
  CometChatClient,
  { uid: string },
  CometChatConversation,
  CometChatWebhookAuth
> = {
  provider: 'cometchat',
  profile: COMETCHAT_PROFILE,
  clientOf(client, name, where) {
    if (typeof (client as CometChatClient | undefined)?.conversations !== 'function')
      fail(TypeError, where, name, 'must be a CometChat client');
    return client as CometChatClient;
  },
  userIdOf(entry, where) {
    const uid: unknown = entry?.uid;
    if (typeof uid !== 'string' || uid === '') fail(TypeError, where, 'cometchat.uid', 'must be a non-empty string');
    // It is sent as the onBehalfOf header: a uid that cannot be one is malformed like any other.
    return headerValue(uid, 'cometchat.uid', where, false);
  },
  async read(client, uid, { onlyUnread, ...options }) {
    const items: unknown[] = [];
    for await (const conversation of client.conversations(onlyUnread ? { unread: true } : {}, {
      ...options,
      onBehalfOf: uid,
    }))
      items.push(conversation);
    return normalize(COMETCHAT_PROFILE, 'listConversations', { data: items }, fromCometChat);
  },
  targetOf(raw): Record<string, string> | undefined {
    const other = raw.conversationWith as { uid?: unknown; guid?: unknown } | undefined;
    if (raw.conversationType === 'group' && typeof other?.guid === 'string') return { guid: other.guid };
    return typeof other?.uid === 'string' ? { uid: other.uid } : undefined;
  },
  async markRead(client, uid, conversation, options) {
    const target = (conversation.target ?? conversation.raw) as ReadTarget | undefined;
    if (!target) fail(TypeError, 'markRead', 'conversation', 'names no user or group to mark read');
    await client.markConversationRead(target, { ...options, onBehalfOf: uid });
  },
  webhook: {
    auth: 'basic',
    hint: cometchatWebhookHint,
    indexKeysOf: cometchatGroupsOf,
    eventName: (body) =>
      typeof body === 'object' && body !== null && typeof (body as { trigger?: unknown }).trigger === 'string'
        ? (body as { trigger: string }).trigger
        : undefined,
  },
};
