import { createInboxOver, type InboxOf } from '../inbox/inbox.js';
import type { ProviderFailure as ProviderFailureOf } from '../inbox/normalize.js';
import type { UnreadSummaryOf } from '../inbox/summary.js';
import { PROVIDER_ADAPTERS, type InboxConversation, type InboxOptions, type Provider } from './providers.js';

/** A provider that could not be read (its typed error), or whose counts disagree. */
export interface ProviderFailure extends ProviderFailureOf<Provider> {}

/** Unread messages across providers. */
export interface UnreadSummary extends UnreadSummaryOf<InboxConversation> {}

/** A unified inbox over CommBox and CometChat (the vendors of `src/vendors/providers.ts`). */
export interface Inbox extends InboxOf<InboxConversation> {}

/**
 * Creates an inbox over one or several providers.
 * @throws {TypeError|RangeError} when no provider is given, or a client, `userIdentityId` or `uid` is missing or malformed
 * @example
 * const inbox = createInbox({ commbox: { client: commbox, userIdentityId: 558355 }, cometchat: { client: cometchat, uid: 'superhero4' } });
 * const { total, conversations } = await inbox.unreadSummary();
 */
export function createInbox(options: InboxOptions): Inbox {
  return createInboxOver(PROVIDER_ADAPTERS, options);
}
