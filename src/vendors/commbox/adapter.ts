import { fail, positiveId } from '../../core/validate.js';
import { normalize } from '../../inbox/normalize.js';
import type { ProviderAdapter } from '../../inbox/provider-adapter.js';
import { UnreadCountMismatchError } from '../../inbox/summary.js';
import type { CommBoxClient } from './client.js';
import { COMMBOX_PROFILE } from './profile.js';
import { fromCommBox } from './to-inbox.js';
import type { CommBoxConversation } from './types.js';
import type { CommBoxWebhookAuth } from './webhook-auth.js';
import { COMMBOX_XML_LISTS, commboxObjectsOf, commboxWebhookHint } from './webhook-events.js';

/**
 * CommBox as the inbox, the handler and the mock see it: a user identity's conversations (Get User
 * Objects, with a count-mismatch failure when the vendor's total disagrees with its conversations);
 * no mark-read (CommBox documents no endpoint); Object webhooks, in XML or JSON.
 */
export const commboxAdapter: ProviderAdapter<
  'commbox',
  CommBoxClient,
  { userIdentityId: number },
  CommBoxConversation,
  CommBoxWebhookAuth
> = {
  provider: 'commbox',
  profile: COMMBOX_PROFILE,
  clientOf(client, name, where) {
    if (typeof (client as CommBoxClient | undefined)?.getUserObjects !== 'function')
      fail(TypeError, where, name, 'must be a CommBox client');
    return client as CommBoxClient;
  },
  userIdOf: (entry, where) => String(positiveId(entry?.userIdentityId, 'commbox.userIdentityId', where)),
  async read(client, userId, { onlyUnread: _all, ...options }) {
    const body: unknown = await client.getUserObjects(Number(userId), options);
    const read = normalize(COMMBOX_PROFILE, 'getUserObjects', body, fromCommBox);
    const reported = (body as { totalUnreadChatMessages?: unknown }).totalUnreadChatMessages;
    const counted = read.conversations.reduce((sum, conversation) => sum + conversation.unread, 0);
    if (typeof reported === 'number' && read.failures.length === 0 && reported !== counted) {
      read.failures.push({
        provider: 'commbox',
        error: new UnreadCountMismatchError('commbox', reported, counted, COMMBOX_PROFILE.displayName),
      });
    }
    return read;
  },
  webhook: {
    auth: 'basic-or-path-secret',
    hint: commboxWebhookHint,
    indexKeysOf: commboxObjectsOf,
    xmlLists: COMMBOX_XML_LISTS,
    eventName(body) {
      const event =
        typeof body === 'object' && body !== null ? (body as { Event?: { Name?: unknown } }).Event : undefined;
      return typeof event?.Name === 'string' ? event.Name : undefined;
    },
  },
};
