import { toCount } from '../../core/quirks.js';
import { firstTime, type InboxConversation } from '../../inbox/inbox-conversation.js';
import type { CometChatConversation, CometChatGroup, CometChatMessage, CometChatUser } from './types.js';

function describeMessage(message: CometChatMessage): string {
  const data = message.data;
  if (data?.text) return data.text;
  if (message.category === 'action' && data?.action) {
    const name = (key: string) => (data.entities?.[key]?.entity as CometChatUser | CometChatGroup | undefined)?.name;
    return [name('by'), data.action, name('on')].filter(Boolean).join(' ');
  }
  return message.type ? `[${message.type}]` : '';
}

/** A CometChat conversation as an inbox conversation. */
export function fromCometChat(conversation: CometChatConversation): InboxConversation {
  const other = conversation.conversationWith as (CometChatUser & CometChatGroup) | undefined;
  const message = conversation.lastMessage;
  const sentAt = firstTime(message?.sentAt, message?.updatedAt);
  const updatedAt = firstTime(conversation.updatedAt, message?.sentAt, conversation.createdAt) ?? new Date(0);
  const text = message ? describeMessage(message) : '';
  return {
    provider: 'cometchat',
    id: conversation.conversationId,
    title: other?.name || other?.uid || other?.guid || conversation.conversationId,
    unread: toCount(conversation.unreadMessageCount),
    lastMessage: message ? { text, at: sentAt ?? updatedAt } : undefined,
    updatedAt,
    raw: conversation,
  };
}
