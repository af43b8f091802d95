import type { Provider } from '../errors.js';
import { parseVendorTime, toCount } from '../quirks.js';
import type { CommBoxConversation, CometChatConversation, CometChatGroup, CometChatMessage, CometChatUser } from '../types.js';
import { htmlToText } from './html-to-text.js';

interface InboxConversationBase {
  /** Stable across calls: CommBox `objectId`, CometChat `conversationId`. */
  id: string;
  /** The customer (CommBox), the other user or the group (CometChat). */
  title: string;
  /** Unread messages. */
  unread: number;
  /** The last message as plain text, and when it was sent (as far as the vendor says). */
  lastMessage: { text: string; at: Date } | undefined;
  /** Last activity; the epoch when the vendor sent no usable time. */
  updatedAt: Date;
}

/** A conversation in the unified inbox, with the vendor's object in `raw`. */
export type InboxConversation =
  | (InboxConversationBase & { provider: Extract<Provider, 'commbox'>; raw: CommBoxConversation })
  | (InboxConversationBase & { provider: Extract<Provider, 'cometchat'>; raw: CometChatConversation });

const firstTime = (...values: unknown[]): Date | undefined => values.map(parseVendorTime).find((date) => date !== undefined);

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
