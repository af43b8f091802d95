import type { CommBoxClient } from '../vendors/commbox/client.js';
import type { CometChatClient } from '../vendors/cometchat/client.js';
import { UnsupportedOperationError } from '../core/errors.js';
import type { Provider } from '../vendors/providers.js';
import { fail, optionalObject, positiveId, requireSecretOrSetting } from '../core/validate.js';
import type { InboxConversation } from './inbox-conversation.js';
import { readCommBoxInbox, readCometChatInbox } from './provider-reads.js';
import { summarize, type ProviderRead, type UnreadSummary, type UnreadSummaryOptions } from './summary.js';
import { watchUnread, type WatchOptions } from './watch.js';

/** Which accounts the inbox reads: either provider or both. */
export interface InboxOptions {
  commbox?: { client: CommBoxClient; userIdentityId: number };
  cometchat?: { client: CometChatClient; uid: string };
}

/** A unified inbox over CommBox and CometChat. */
export interface Inbox {
  /**
   * Reads both providers at once and sums their unread messages. A provider that
   * fails never loses the other's data: its typed error goes into `failures`.
   */
  unreadSummary(options?: UnreadSummaryOptions): Promise<UnreadSummary>;
  /**
   * Marks a conversation read where the vendor can (CometChat).
   * @throws {UnsupportedOperationError} for CommBox, which documents no read endpoint
   */
  markRead(conversation: InboxConversation, options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Polls every `intervalMs` and calls `onChange` when a count changes (and first with the
   * initial summary). Backs off while throttled, honouring `Retry-After`; a provider that
   * fails keeps its last counts. Resolves when `signal` aborts and never rejects: failures
   * go into the summary's `failures`, and anything else (a throwing `onChange`) to `onError`.
   * @throws {TypeError|RangeError} at once (not as a rejection), for bad options
   */
  watch(options: WatchOptions, onChange: (summary: UnreadSummary) => void): Promise<void>;
}

/**
 * Creates an inbox over one or both providers.
 * @throws {TypeError} when neither provider is given, or a client, `userIdentityId` or `uid` is missing
 * @example
 * const inbox = createInbox({ commbox: { client: commbox, userIdentityId: 558355 }, cometchat: { client: cometchat, uid: 'superhero4' } });
 * const { total, conversations } = await inbox.unreadSummary();
 */
export function createInbox(options: InboxOptions): Inbox {
  const where = 'createInbox';
  optionalObject(options, 'options', where);
  if (!options?.commbox && !options?.cometchat) fail(TypeError, where, 'options', 'needs commbox, cometchat or both');
  const commbox = options.commbox && { ...options.commbox, userIdentityId: positiveId(options.commbox.userIdentityId, 'commbox.userIdentityId', where) };
  const cometchat = options.cometchat && { ...options.cometchat, uid: requireSecretOrSetting(options.cometchat.uid, 'cometchat.uid', where) };
  if (commbox && typeof commbox.client?.getUserObjects !== 'function') fail(TypeError, where, 'commbox.client', 'must be a CommBox client');
  if (cometchat && typeof cometchat.client?.conversations !== 'function') fail(TypeError, where, 'cometchat.client', 'must be a CometChat client');

  /** Each configured provider's read, concurrently; a failure becomes that provider's `failures`. */
  async function readAll(options: UnreadSummaryOptions = {}): Promise<Partial<Record<Provider, ProviderRead>>> {
    const settle = async (provider: Provider, read: () => Promise<ProviderRead>): Promise<[Provider, ProviderRead]> => {
      try {
        return [provider, await read()];
      } catch (error) {
        options.signal?.throwIfAborted();
        return [provider, { conversations: [], failures: [{ provider, error: error instanceof Error ? error : new Error(String(error)) }] }];
      }
    };
    const reads = await Promise.all([
      commbox ? settle('commbox', () => readCommBoxInbox(commbox.client, commbox.userIdentityId, { signal: options.signal })) : undefined,
      cometchat ? settle('cometchat', () => readCometChatInbox(cometchat.client, cometchat.uid, { onlyUnread: options.onlyUnread ?? false, signal: options.signal })) : undefined,
    ]);
    return Object.fromEntries(reads.filter((read) => read !== undefined));
  }

  return {
    async unreadSummary(summaryOptions = {}) {
      optionalObject(summaryOptions, 'options', 'unreadSummary');
      if (summaryOptions.limit !== undefined) positiveId(summaryOptions.limit, 'limit', 'unreadSummary');
      return summarize(await readAll(summaryOptions), summaryOptions);
    },
    async markRead(conversation, markOptions) {
      if (conversation?.provider === 'commbox') {
        throw new UnsupportedOperationError('markRead: CommBox documents no endpoint to mark a conversation read');
      }
      if (conversation?.provider !== 'cometchat') fail(TypeError, 'markRead', 'conversation', 'must be an inbox conversation');
      if (!cometchat) fail(TypeError, 'markRead', 'conversation', 'is from CometChat, which this inbox does not read');
      await cometchat.client.markConversationRead(conversation.raw, { onBehalfOf: cometchat.uid, signal: markOptions?.signal });
    },
    watch(watchOptions, onChange) {
      return watchUnread(readAll, watchOptions, onChange);
    },
  };
}

