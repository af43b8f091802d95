import type { RequestOptions } from '../core/client-options.js';
import type { CommBoxClient } from '../vendors/commbox/client.js';
import type { CometChatClient } from '../vendors/cometchat/client.js';
import { fromCommBox } from '../vendors/commbox/to-inbox.js';
import { fromCometChat } from '../vendors/cometchat/to-inbox.js';
import { normalize, type ProviderRead } from './normalize.js';
import { UnreadCountMismatchError } from './summary.js';

/**
 * One CommBox user identity's conversations as inbox conversations (Get User Objects): odd items
 * skipped and reported in `failures`, and a count-mismatch failure when the vendor's total disagrees
 * with its conversations. `options` go to the call as they are (e.g. `{ maxRetries: 0, timeoutMs, signal }`).
 * @throws {ApiError} a typed subclass when the call fails
 */
export async function readCommBoxInbox(client: CommBoxClient, userIdentityId: number, options?: RequestOptions): Promise<ProviderRead> {
  const body: unknown = await client.getUserObjects(userIdentityId, options);
  const { conversations, failures } = normalize('commbox', 'getUserObjects', body, fromCommBox);
  const reported = (body as { totalUnreadChatMessages?: unknown }).totalUnreadChatMessages;
  const counted = conversations.reduce((sum, conversation) => sum + conversation.unread, 0);
  if (typeof reported === 'number' && failures.length === 0 && reported !== counted) {
    failures.push({ provider: 'commbox', error: new UnreadCountMismatchError('commbox', reported, counted) });
  }
  return { conversations, failures };
}

/**
 * Every conversation of one CometChat user (List Conversations, across pages) as inbox conversations,
 * odd items skipped and reported in `failures`. `options` go to each page's call (e.g. `{ maxRetries: 0, timeoutMs, signal }`).
 * @throws {ApiError} a typed subclass when a page fails
 */
export async function readCometChatInbox(
  client: CometChatClient,
  uid: string,
  options?: RequestOptions & { onlyUnread?: boolean },
): Promise<ProviderRead> {
  const { onlyUnread, ...request } = options ?? {};
  const items: unknown[] = [];
  for await (const conversation of client.conversations(onlyUnread ? { unread: true } : {}, { ...request, onBehalfOf: uid })) items.push(conversation);
  return normalize('cometchat', 'listConversations', { data: items }, fromCometChat);
}
