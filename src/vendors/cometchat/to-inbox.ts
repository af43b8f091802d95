import { firstTime, toCount } from '../quirks.js';
import { idOf, textOf, type InboxConversationOf } from '../../inbox/inbox-conversation.js';
import type { CometChatConversation, CometChatMessage } from './types.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The last message as one line: its text, an action ("Ann added Bob"), or its type. */
function describeMessage(message: CometChatMessage): string {
  const data: Record<string, unknown> = isObject(message.data) ? message.data : {};
  const text = textOf(data.text);
  if (text) return text;
  const action = textOf(data.action);
  if (message.category === 'action' && action) {
    const entities = isObject(data.entities) ? data.entities : {};
    const name = (key: string): string | undefined => {
      const entry = entities[key];
      return isObject(entry) && isObject(entry.entity) ? textOf(entry.entity.name) : undefined;
    };
    return [name('by'), action, name('on')].filter(Boolean).join(' ');
  }
  const type = textOf(message.type);
  return type ? `[${type}]` : '';
}

/**
 * A CometChat conversation as an inbox conversation, whatever the vendor sent:
 * `undefined` for an item that is not an object or has no usable `conversationId`
 * (a number is taken as its digits). Never throws.
 */
export function fromCometChat(
  conversation: CometChatConversation,
): InboxConversationOf<'cometchat', CometChatConversation> | undefined {
  if (!isObject(conversation)) return undefined;
  const id = idOf(conversation.conversationId);
  if (id === undefined) return undefined;
  const other: Record<string, unknown> = isObject(conversation.conversationWith) ? conversation.conversationWith : {};
  const message = isObject(conversation.lastMessage) ? conversation.lastMessage : undefined;
  const sentAt = firstTime(message?.sentAt, message?.updatedAt);
  const updatedAt = firstTime(conversation.updatedAt, message?.sentAt, conversation.createdAt) ?? new Date(0);
  return {
    provider: 'cometchat',
    id,
    title: textOf(other.name) || textOf(other.uid) || textOf(other.guid) || id,
    unread: toCount(conversation.unreadMessageCount),
    lastMessage: message ? { text: describeMessage(message), at: sentAt ?? updatedAt } : undefined,
    updatedAt,
    raw: conversation,
  };
}
