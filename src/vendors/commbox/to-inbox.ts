import { firstTime, toCount } from '../quirks.js';
import { htmlToText } from '../../inbox/html-to-text.js';
import { idOf, textOf, type InboxConversationOf } from '../../inbox/inbox-conversation.js';
import type { CommBoxConversation } from './types.js';

/** A GUID, as CommBox sends for anonymous web-chat customers: no name for a person to read. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A CommBox conversation (Get User Objects item) as an inbox conversation, whatever the
 * vendor sent: `undefined` for an item that is not an object or has no usable `objectId`.
 * Never throws.
 */
export function fromCommBox(
  object: CommBoxConversation,
): InboxConversationOf<'commbox', CommBoxConversation> | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const id = idOf(object.objectId);
  if (id === undefined) return undefined;
  const user = typeof object.user === 'object' && object.user !== null ? object.user : undefined;
  const name =
    [textOf(object.firstName), textOf(object.lastName)].filter(Boolean).join(' ') ||
    [textOf(user?.firstName), textOf(user?.lastName)].filter(Boolean).join(' ');
  const handle = textOf(object.userStreamProviderId);
  const updatedAt = firstTime(object.updatedTime, object.lastResponseTime, object.createdTime) ?? new Date(0);
  const text = htmlToText(object.message ?? (Array.isArray(object.childs) ? object.childs[0]?.message : undefined));
  return {
    provider: 'commbox',
    id,
    title: name || (handle && !GUID.test(handle) ? handle : `Conversation ${id}`),
    unread: toCount(object.unreadMessages),
    lastMessage: text ? { text, at: updatedAt } : undefined,
    updatedAt,
    raw: object,
  };
}
