import { fail } from '../../../src/core/validate.js';
import { idOf, textOf, type InboxConversationOf } from '../../../src/inbox/inbox-conversation.js';
import { normalize } from '../../../src/inbox/normalize.js';
import type { ProviderAdapter } from '../../../src/inbox/provider-adapter.js';
import type { Thread, ThreadlyClient } from './client.js';
import { THREADLY_PROFILE } from './profile.js';
import { threadlyWebhook, type ThreadlyWebhookAuth } from './webhook.js';

/** A Threadly thread as an inbox conversation; `undefined` without a usable `threadId`. */
export function fromThreadly(thread: Thread): InboxConversationOf<'threadly', Thread> | undefined {
  if (typeof thread !== 'object' || thread === null) return undefined;
  const id = idOf(thread.threadId);
  if (id === undefined) return undefined;
  const at =
    typeof thread.lastActivity === 'number' && Number.isFinite(thread.lastActivity)
      ? new Date(thread.lastActivity)
      : new Date(0);
  const unread =
    typeof thread.unseen === 'number' && Number.isSafeInteger(thread.unseen) && thread.unseen > 0 ? thread.unseen : 0;
  const preview = textOf(thread.preview);
  return {
    provider: 'threadly',
    id,
    title: textOf(thread.subject) ?? `Thread ${id}`,
    unread,
    lastMessage: preview ? { text: preview, at } : undefined,
    updatedAt: at,
    raw: thread,
  };
}

/** Threadly as the inbox and the handler see it: a member's threads; Mark Seen; its webhooks (JSON, Basic auth). */
export const threadlyAdapter: ProviderAdapter<
  'threadly',
  ThreadlyClient,
  { memberId: string },
  Thread,
  ThreadlyWebhookAuth
> = {
  provider: 'threadly',
  profile: THREADLY_PROFILE,
  clientOf(client, name, where) {
    if (typeof (client as ThreadlyClient | undefined)?.listThreads !== 'function')
      fail(TypeError, where, name, 'must be a Threadly client');
    return client as ThreadlyClient;
  },
  userIdOf(entry, where) {
    const memberId: unknown = entry?.memberId;
    if (typeof memberId !== 'string' || !/^[a-z0-9-]{1,64}$/.test(memberId))
      fail(TypeError, where, 'threadly.memberId', 'must be 1 to 64 of a-z 0-9 -');
    return memberId;
  },
  async read(client, memberId, { onlyUnread: _all, ...options }) {
    const body = await client.listThreads(memberId, options);
    return normalize(THREADLY_PROFILE, 'listThreads', { data: body.items }, fromThreadly);
  },
  async markRead(client, memberId, conversation, options) {
    await client.markThreadSeen(memberId, conversation.id, options);
  },
  webhook: threadlyWebhook,
};
