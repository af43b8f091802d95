import { PROVIDER_NAMES, PROVIDERS, type Provider } from '../vendors/providers.js';
import type { InboxConversation } from './inbox-conversation.js';
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
  constructor(
    readonly provider: Provider,
    readonly reported: number,
    readonly counted: number,
  ) {
    super(`${PROVIDER_NAMES[provider]} reported ${reported} unread messages, its conversations add up to ${counted}`);
  }
}

/** Unread messages across providers. */
export interface UnreadSummary {
  /** Unread messages over all conversations read (before `limit`). */
  total: number;
  /** The same, by provider (0 for one not configured or not read). */
  byProvider: Record<Provider, number>;
  /** Newest activity first. */
  conversations: InboxConversation[];
  failures: ProviderFailure[];
}

/** Newest first; ties by provider, then id (plain code-unit order: total, and cheap). */
const byActivity = (a: InboxConversation, b: InboxConversation): number =>
  b.updatedAt.getTime() - a.updatedAt.getTime() || (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Sums provider reads into a summary. */
export function summarize(reads: Partial<Record<Provider, ProviderRead>>, options: UnreadSummaryOptions = {}): UnreadSummary {
  const all = Object.values(reads).flatMap((read) => read.conversations);
  const byProvider = Object.fromEntries(PROVIDERS.map((provider) => [provider, 0])) as Record<Provider, number>;
  for (const conversation of all) byProvider[conversation.provider] += conversation.unread;
  let conversations = all.sort(byActivity);
  if (options.onlyUnread) conversations = conversations.filter((conversation) => conversation.unread > 0);
  if (options.limit !== undefined) conversations = conversations.slice(0, options.limit);
  return {
    total: Object.values(byProvider).reduce((sum, count) => sum + count, 0),
    byProvider,
    conversations,
    failures: Object.values(reads).flatMap((read) => read.failures),
  };
}

