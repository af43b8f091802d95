import type { Provider } from '../../vendors/providers.js';
import type { SourceResult } from '../provider-source.js';
import { toWireConversation, type WireConversation, type WireFailure } from '../wire.js';

/** A provider part of a user's summary that changed after a re-read (a webhook's, a reconciliation's or a visitor's). */
export interface SummaryChange {
  provider: Provider;
  /** The user's id at the provider: CometChat uid, or CommBox user identity id as a decimal string. */
  userId: string;
  /** Unread messages over the provider's conversations. */
  unread: number;
  conversations: WireConversation[];
  failures: WireFailure[];
  /** When the data was read from the vendor (epoch ms). */
  at: number | undefined;
  /**
   * When a webhook's re-read found the change: when the receiver took that webhook (epoch ms, the earliest of
   * a coalesced burst). Absent for a reconciliation's or a visitor's read.
   */
  receivedAt?: number;
}

/** Hears of a changed summary; an error it throws is reported to `onError`, never to the vendor. */
export type SummaryChangeListener = (change: SummaryChange) => void;

/** What a change is compared by: what a badge or a list shows. */
export function summarySignature(result: SourceResult): string {
  return JSON.stringify([
    result.conversations.map((c) => [c.id, c.unread, c.lastMessage?.at, c.lastMessage?.text]),
    result.failures.map((f) => f.code),
  ]);
}

/** The change a listener receives (`receivedAt`: the receipt time of the webhook whose re-read found it). */
export function toSummaryChange(
  provider: string,
  userId: string,
  result: SourceResult,
  receivedAt?: number,
): SummaryChange {
  return {
    provider: provider as Provider,
    userId,
    unread: result.conversations.reduce((sum, conversation) => sum + conversation.unread, 0),
    conversations: result.conversations.map(toWireConversation),
    failures: result.failures,
    at: result.at,
    ...(receivedAt === undefined ? {} : { receivedAt }),
  };
}
