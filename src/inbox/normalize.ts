import { InvalidResponseError } from '../core/errors.js';
import type { VendorProfile } from '../core/vendor-profile.js';
import type { InboxConversationOf } from './inbox-conversation.js';

/** A provider that could not be read (its typed error), or whose counts disagree. */
export interface ProviderFailure<P extends string = string> {
  provider: P;
  error: Error;
}

/** One provider's part of a summary. */
export interface ProviderRead<C extends InboxConversationOf = InboxConversationOf> {
  conversations: C[];
  failures: ProviderFailure<C['provider']>[];
}

/**
 * A vendor body's `data` as inbox conversations, at the boundary where vendor data enters
 * the inbox: items the mapper cannot read are skipped and reported as one
 * {@link InvalidResponseError} in `failures`, and a `data` that is not a list is reported the
 * same way. Never throws, so one provider's odd data never loses the other's.
 * @param vendor the provider id and its name in messages (the vendor's profile)
 */
export function normalize<Item, C extends InboxConversationOf>(
  vendor: Pick<VendorProfile, 'provider' | 'displayName'> & { provider: C['provider'] },
  operation: string,
  body: unknown,
  map: (item: Item) => C | undefined,
): ProviderRead<C> {
  const { provider, displayName } = vendor;
  const data = typeof body === 'object' && body !== null ? (body as { data?: unknown }).data : undefined;
  const conversations: C[] = [];
  const failures: ProviderFailure<C['provider']>[] = [];
  const report = (what: string) =>
    failures.push({
      provider,
      error: new InvalidResponseError({ provider, operation, status: 200 }, `${displayName} ${operation} ${what}`),
    });
  if (data === undefined || data === null) return { conversations, failures };
  if (!Array.isArray(data)) {
    report('answered with a "data" that is not a list of conversations');
    return { conversations, failures };
  }
  let skipped = 0;
  for (const item of data) {
    let conversation: C | undefined;
    try {
      conversation = map(item as Item);
    } catch {
      conversation = undefined;
    }
    if (conversation) conversations.push(conversation);
    else skipped++;
  }
  if (skipped)
    report(`sent ${skipped} conversation${skipped === 1 ? '' : 's'} of an unknown shape (no usable id): skipped`);
  return { conversations, failures };
}
