import type { RequestOptions } from '../core/client-options.js';
import { fail } from '../core/validate.js';
import type { AnyProviderAdapter } from '../inbox/provider-adapter.js';
import type { ProviderRead } from '../inbox/summary.js';
import type { HandlerConversation, StoredConversation } from './wire.js';

export type { InboxUser } from '../vendors/providers.js';

/** Whether `value` can be an `InboxUser` of these vendors: an object (not an array) whose vendor entries, when present, are objects. */
export function isInboxUser(
  value: unknown,
  adapters: readonly AnyProviderAdapter[],
): value is Record<string, object | undefined> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = value as Record<string, unknown>;
  return adapters.every(
    ({ provider }) =>
      entries[provider] === undefined || (typeof entries[provider] === 'object' && entries[provider] !== null),
  );
}

/** One vendor account in a handler: the vendor's adapter bound to the site's client. */
export interface ProviderAccount {
  provider: string;
  /** The vendor's name in messages. */
  displayName: string;
  /** The vendor's adapter (webhook part, …). */
  vendor: AnyProviderAdapter;
  /** The client's `accountKey`: throttle windows and cache keys belong to the vendor account. */
  accountKey: string;
  /** The user's id at this vendor, or `undefined` when `resolveUser` gave none. @throws {TypeError|RangeError} for a malformed id */
  userOf(user: object): string | undefined;
  read(userId: string, options: RequestOptions): Promise<ProviderRead<HandlerConversation>>;
  /** Absent when the vendor documents no endpoint for it. */
  markRead?(userId: string, conversation: StoredConversation, options: RequestOptions): Promise<void>;
}

/** @deprecated the name before the vendor adapters: {@link ProviderAccount}. */
export type ProviderAdapter = ProviderAccount;

const WHERE = 'createInboxHandler';

/**
 * Binds a vendor's adapter to the client the site passed in `options[provider].client`.
 * @throws {TypeError} naming `${provider}.client` when it is not that vendor's client made by this package
 */
export function accountOf(vendor: AnyProviderAdapter, client: unknown): ProviderAccount {
  const { provider } = vendor;
  const checked: unknown = vendor.clientOf(client, `${provider}.client`, WHERE);
  const accountKey = (checked as { accountKey?: unknown }).accountKey;
  if (typeof accountKey !== 'string' || accountKey === '')
    fail(TypeError, WHERE, `${provider}.client`, 'must be a client made by this package (it has no accountKey)');
  const markRead = vendor.markRead;
  return {
    provider,
    displayName: vendor.profile.displayName,
    vendor,
    accountKey,
    userOf(user) {
      const entry = (user as Record<string, object | undefined>)[provider];
      return entry === undefined ? undefined : vendor.userIdOf(entry, 'resolveUser');
    },
    async read(userId, options) {
      const read = (await vendor.read(checked, userId, options)) as ProviderRead;
      if (!vendor.targetOf) return read;
      return {
        ...read,
        conversations: read.conversations.map((conversation) => ({
          ...conversation,
          target: vendor.targetOf!(conversation.raw),
        })),
      };
    },
    ...(markRead && {
      markRead: (userId: string, conversation: StoredConversation, options: RequestOptions) =>
        markRead.call(vendor, checked, userId, conversation, options),
    }),
  };
}
