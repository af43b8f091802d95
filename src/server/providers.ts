import type { RequestOptions } from '../core/client-options.js';
import type { Provider } from '../vendors/providers.js';
import { fail, headerValue } from '../core/validate.js';
import { readCommBoxInbox, readCometChatInbox } from '../inbox/provider-reads.js';
import type { ProviderRead } from '../inbox/summary.js';
import type { CommBoxClient } from '../vendors/commbox/client.js';
import type { CometChatClient } from '../vendors/cometchat/client.js';
import type { StoredConversation } from './wire.js';

/** Who the visitor is at each vendor, as the site's `resolveUser` says (either or both). */
export interface InboxUser {
  commbox?: { userIdentityId: number };
  cometchat?: { uid: string };
}

/** Whether `value` can be an {@link InboxUser}: an object (not an array) whose vendor entries, when present, are objects. */
export function isInboxUser(value: unknown): value is InboxUser {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { commbox, cometchat } = value as Record<string, unknown>;
  return [commbox, cometchat].every((entry) => entry === undefined || (typeof entry === 'object' && entry !== null));
}

/** What the handler needs of one provider: read a user's inbox, and maybe mark a conversation read. */
export interface ProviderAdapter {
  provider: Provider;
  /** The client's `accountKey`: throttle windows and cache keys belong to the vendor account. */
  accountKey: string;
  /** The user's id at this vendor, or `undefined` when `resolveUser` gave none. @throws {TypeError} for a malformed id */
  userOf(user: InboxUser): string | undefined;
  read(userId: string, options: RequestOptions): Promise<ProviderRead>;
  /** Absent when the vendor documents no endpoint for it. */
  markRead?(userId: string, conversation: StoredConversation, options: RequestOptions): Promise<void>;
}

const WHERE = 'createInboxHandler';

function accountKeyOf(client: { accountKey?: unknown } | undefined, name: string): string {
  if (typeof client?.accountKey !== 'string' || client.accountKey === '') fail(TypeError, WHERE, `${name}.client`, 'must be a client made by this package (it has no accountKey)');
  return client.accountKey;
}

/** The CommBox adapter: Get User Objects; no mark-read endpoint. */
export function commboxAdapter(client: CommBoxClient): ProviderAdapter {
  if (typeof client?.getUserObjects !== 'function') fail(TypeError, WHERE, 'commbox.client', 'must be a CommBox client');
  return {
    provider: 'commbox',
    accountKey: accountKeyOf(client, 'commbox'),
    userOf(user) {
      const id = user.commbox?.userIdentityId;
      if (id === undefined) return undefined;
      if (!Number.isSafeInteger(id) || id < 1) fail(TypeError, 'resolveUser', 'commbox.userIdentityId', 'must be a positive integer', id);
      return String(id);
    },
    read: (userId, options) => readCommBoxInbox(client, Number(userId), options),
  };
}

/** The CometChat adapter: List Conversations on behalf of the user; Mark Read. */
export function cometchatAdapter(client: CometChatClient): ProviderAdapter {
  if (typeof client?.conversations !== 'function') fail(TypeError, WHERE, 'cometchat.client', 'must be a CometChat client');
  return {
    provider: 'cometchat',
    accountKey: accountKeyOf(client, 'cometchat'),
    userOf(user) {
      const uid = user.cometchat?.uid;
      if (uid === undefined) return undefined;
      if (typeof uid !== 'string' || uid === '') fail(TypeError, 'resolveUser', 'cometchat.uid', 'must be a non-empty string');
      // It is sent as the onBehalfOf header: a uid that cannot be one is malformed like any other.
      return headerValue(uid, 'cometchat.uid', 'resolveUser', false);
    },
    read: (uid, options) => readCometChatInbox(client, uid, options),
    async markRead(uid, conversation, options) {
      if (!conversation.target) fail(TypeError, 'markRead', 'conversation', 'names no user or group to mark read');
      await client.markConversationRead(conversation.target, { ...options, onBehalfOf: uid });
    },
  };
}
