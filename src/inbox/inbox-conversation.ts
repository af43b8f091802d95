import type { Provider } from '../vendors/providers.js';
import { parseVendorTime } from '../vendors/quirks.js';
import type { CommBoxConversation } from '../vendors/commbox/types.js';
import type { CometChatConversation } from '../vendors/cometchat/types.js';

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

/** The first of `values` that is a usable vendor time. */
export const firstTime = (...values: unknown[]): Date | undefined => values.map(parseVendorTime).find((date) => date !== undefined);

/** An id as the inbox keeps it: a non-empty string, or a safe non-negative integer's digits; `undefined` otherwise. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
}

/** A string field, trimmed; anything else (numbers, objects, null) is no text. */
export const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
