import { InvalidResponseError } from '../core/errors.js';
import { PROVIDER_NAMES, type Provider } from '../vendors/providers.js';
import type { InboxConversation } from './inbox-conversation.js';

/** A provider that could not be read (its typed error), or whose counts disagree. */
export interface ProviderFailure {
  provider: Provider;
  error: Error;
}

/** One provider's part of a summary. */
export interface ProviderRead {
  conversations: InboxConversation[];
  failures: ProviderFailure[];
}

/**
 * A vendor body's `data` as inbox conversations, at the boundary where vendor data enters
 * the inbox: items the mapper cannot read are skipped and reported as one
 * {@link InvalidResponseError} in `failures`, and a `data` that is not a list is reported the
 * same way. Never throws, so one provider's odd data never loses the other's.
 */
export function normalize<Item>(provider: Provider, operation: string, body: unknown, map: (item: Item) => InboxConversation | undefined): ProviderRead {
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  const conversations: InboxConversation[] = [];
  const failures: ProviderFailure[] = [];
  const report = (what: string) =>
    failures.push({ provider, error: new InvalidResponseError({ provider, operation, status: 200 }, `${PROVIDER_NAMES[provider]} ${operation} ${what}`) });
  if (data === undefined || data === null) return { conversations, failures };
  if (!Array.isArray(data)) {
    report('answered with a "data" that is not a list of conversations');
    return { conversations, failures };
  }
  let skipped = 0;
  for (const item of data) {
    let conversation: InboxConversation | undefined;
    try {
      conversation = map(item as Item);
    } catch {
      conversation = undefined;
    }
    if (conversation) conversations.push(conversation);
    else skipped++;
  }
  if (skipped) report(`sent ${skipped} conversation${skipped === 1 ? '' : 's'} of an unknown shape (no usable id): skipped`);
  return { conversations, failures };
}
