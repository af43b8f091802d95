import { toCount } from '../../core/quirks.js';
import { htmlToText } from '../../inbox/html-to-text.js';
import { firstTime, type InboxConversation } from '../../inbox/inbox-conversation.js';
import type { CommBoxConversation } from './types.js';

/** A CommBox conversation (Get User Objects item) as an inbox conversation. */
export function fromCommBox(object: CommBoxConversation): InboxConversation {
  const name = [object.firstName, object.lastName].filter(Boolean).join(' ') || [object.user?.firstName, object.user?.lastName].filter(Boolean).join(' ');
  const updatedAt = firstTime(object.updatedTime, object.lastResponseTime, object.createdTime) ?? new Date(0);
  const text = htmlToText(object.message ?? object.childs?.[0]?.message);
  return {
    provider: 'commbox',
    id: String(object.objectId),
    title: name || object.userStreamProviderId || `Conversation ${object.objectId}`,
    unread: toCount(object.unreadMessages),
    lastMessage: text ? { text, at: updatedAt } : undefined,
    updatedAt,
    raw: object,
  };
}
