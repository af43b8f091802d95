import type { InboxConversationOf } from './inbox-conversation.js';
import type { ProviderFailure, ProviderRead } from './normalize.js';

export type { ProviderFailure, ProviderRead };

/** Options of `unreadSummary`. */
export interface UnreadSummaryOptions {
  /** Only conversations with unread messages. @default false */
  onlyUnread?: boolean;
  /** At most this many conversations (the newest); `total` still counts them all. */
  limit?: number;
  signal?: AbortSignal;
}

/** A count the vendor reported that does not match the conversations it sent. */
export class UnreadCountMismatchError extends Error {
  override name = 'UnreadCountMismatchError';
  /**
   * @param provider the provider's id
   * @param displayName its name in the message @default provider
   */
  constructor(
    readonly provider: string,
    readonly reported: number,
    readonly counted: number,
    displayName: string = provider,
  ) {
    super(`${displayName} reported ${reported} unread messages, its conversations add up to ${counted}`);
  }
}

/**
 * Unread messages across providers, for conversations `C` (the public `UnreadSummary` is this over
 * the vendors of `src/vendors/providers.ts`).
 */
export interface UnreadSummaryOf<C extends InboxConversationOf = InboxConversationOf> {
  /** Unread messages over all conversations read (before `limit`). */
  total: number;
  /** The same, by provider (0 for one not configured or not read). */
  byProvider: Record<C['provider'], number>;
  /** Newest activity first. */
  conversations: C[];
  failures: ProviderFailure<C['provider']>[];
}

/** What ordering and counting need of a conversation, in the inbox's form (`Date`) or the inbox API's (ISO text). */
export interface SummaryEntry<P extends string = string> {
  provider: P;
  id: string;
  unread: number;
  /** A Date, or an ISO 8601 UTC time as `Date#toISOString` writes it. */
  updatedAt: Date | string;
}

const timeOf = (at: Date | string): number => (typeof at === 'string' ? Date.parse(at) : at.getTime()) || 0;
const codeUnitOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The one order of every conversation list, in the inbox and on the wire: newest activity
 * first; ties by provider, then id, in plain code-unit order (total, and the same in every
 * locale, unlike `localeCompare`). For `Array#sort`.
 */
export function compareByActivity(a: SummaryEntry, b: SummaryEntry): number {
  return (
    timeOf(b.updatedAt) - timeOf(a.updatedAt) || codeUnitOrder(a.provider, b.provider) || codeUnitOrder(a.id, b.id)
  );
}

/**
 * Unread messages of `conversations`, in total and by provider: every provider of `providers` is
 * counted (0 when it has none), as is any other provider a conversation names.
 */
export function countUnread<P extends string>(
  conversations: readonly Pick<SummaryEntry<P>, 'provider' | 'unread'>[],
  providers: readonly P[],
): { total: number; byProvider: Record<P, number> } {
  const byProvider = Object.fromEntries(providers.map((provider) => [provider, 0])) as Record<P, number>;
  let total = 0;
  for (const { provider, unread } of conversations) {
    byProvider[provider] = (byProvider[provider] ?? 0) + unread;
    total += unread;
  }
  return { total, byProvider };
}

/**
 * Sums provider reads into a summary.
 * @param providers every provider `byProvider` names (0 for one not read)
 */
export function summarize<C extends InboxConversationOf>(
  reads: Partial<Record<C['provider'], ProviderRead<C>>>,
  options: UnreadSummaryOptions,
  providers: readonly C['provider'][],
): UnreadSummaryOf<C> {
  const parts = Object.values(reads) as ProviderRead<C>[];
  const all = parts.flatMap((read) => read.conversations);
  const { total, byProvider } = countUnread<C['provider']>(all, providers);
  let conversations = all.sort(compareByActivity);
  if (options.onlyUnread) conversations = conversations.filter((conversation) => conversation.unread > 0);
  if (options.limit !== undefined) conversations = conversations.slice(0, options.limit);
  return { total, byProvider, conversations, failures: parts.flatMap((read) => read.failures) };
}
