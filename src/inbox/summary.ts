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

/** What ordering and counting need of a conversation, in the inbox's form (`Date`) or the inbox API's (ISO text). */
export interface SummaryEntry {
  provider: Provider;
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
  return timeOf(b.updatedAt) - timeOf(a.updatedAt) || codeUnitOrder(a.provider, b.provider) || codeUnitOrder(a.id, b.id);
}

/** Unread messages of `conversations`, in total and by provider (0 for every provider with none). */
export function countUnread(conversations: readonly Pick<SummaryEntry, 'provider' | 'unread'>[]): { total: number; byProvider: Record<Provider, number> } {
  const byProvider = Object.fromEntries(PROVIDERS.map((provider) => [provider, 0])) as Record<Provider, number>;
  let total = 0;
  for (const { provider, unread } of conversations) {
    byProvider[provider] += unread;
    total += unread;
  }
  return { total, byProvider };
}

/** Sums provider reads into a summary. */
export function summarize(reads: Partial<Record<Provider, ProviderRead>>, options: UnreadSummaryOptions = {}): UnreadSummary {
  const all = Object.values(reads).flatMap((read) => read.conversations);
  const { total, byProvider } = countUnread(all);
  let conversations = all.sort(compareByActivity);
  if (options.onlyUnread) conversations = conversations.filter((conversation) => conversation.unread > 0);
  if (options.limit !== undefined) conversations = conversations.slice(0, options.limit);
  return {
    total,
    byProvider,
    conversations,
    failures: Object.values(reads).flatMap((read) => read.failures),
  };
}

