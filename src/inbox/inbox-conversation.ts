/** What every inbox conversation has, whatever its vendor. */
export interface InboxConversationBase {
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

/**
 * A conversation of provider `P` in the unified inbox, with the vendor's object in `raw`. The public
 * `InboxConversation` is the union of this over the vendors of `src/vendors/providers.ts`.
 */
export type InboxConversationOf<P extends string = string, Raw = unknown> = InboxConversationBase & {
  provider: P;
  raw: Raw;
};

/** An id as the inbox keeps it: a non-empty string, or a safe non-negative integer's digits; `undefined` otherwise. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
}

/** A string field, trimmed; anything else (numbers, objects, null) is no text. */
export const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
