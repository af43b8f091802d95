import { UnsupportedOperationError } from '../core/errors.js';
import { fail, optionalObject, positiveId } from '../core/validate.js';
import type { InboxConversationOf } from './inbox-conversation.js';
import type { AnyProviderAdapter, ConversationOf, InboxAccountOptionsOf } from './provider-adapter.js';
import { summarize, type ProviderRead, type UnreadSummaryOf, type UnreadSummaryOptions } from './summary.js';
import { watchUnread, type WatchOptions } from './watch.js';

/** A unified inbox over the vendors of a list, for conversations `C`. */
export interface InboxOf<C extends InboxConversationOf> {
  /**
   * Reads every configured provider at once and sums their unread messages. A provider that
   * fails never loses the others' data: its typed error goes into `failures`.
   */
  unreadSummary(options?: UnreadSummaryOptions): Promise<UnreadSummaryOf<C>>;
  /**
   * Marks a conversation read where the vendor can (CometChat).
   * @throws {UnsupportedOperationError} for a vendor that documents no read endpoint (CommBox)
   */
  markRead(conversation: C, options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Polls every `intervalMs` and calls `onChange` when a count changes (and first with the
   * initial summary). Backs off while throttled, honouring `Retry-After`; a provider that
   * fails keeps its last counts. Resolves when `signal` aborts and never rejects: failures
   * go into the summary's `failures`, and anything else (a throwing `onChange`) to `onError`.
   * @throws {TypeError|RangeError} at once (not as a rejection), for bad options
   */
  watch(options: WatchOptions, onChange: (summary: UnreadSummaryOf<C>) => void): Promise<void>;
}

/** "a, b or both" / "a, b, c or several": what an empty options object needs. */
export function anyOf(providers: readonly string[]): string {
  if (providers.length <= 1) return providers.join('');
  return `${providers.join(', ')} or ${providers.length === 2 ? 'both' : 'several'}`;
}

/**
 * Creates an inbox over the vendors of `adapters` (the public `createInbox` passes the one list of
 * `src/vendors/providers.ts`): one option per vendor, `{ client, …who the user is there }`.
 * @throws {TypeError|RangeError} when no vendor is given, or a client or user id is missing or malformed, naming it
 */
export function createInboxOver<A extends AnyProviderAdapter>(
  adapters: readonly A[],
  options: InboxAccountOptionsOf<A>,
): InboxOf<ConversationOf<A>> {
  type C = ConversationOf<A>;
  const where = 'createInbox';
  optionalObject(options, 'options', where);
  const providers = adapters.map((adapter) => adapter.provider) as C['provider'][];
  const given = (options ?? {}) as Record<string, { client?: unknown } | undefined>;
  const accounts = adapters.flatMap((adapter) => {
    const entry = given[adapter.provider];
    return entry ? [{ adapter, entry }] : [];
  });
  if (accounts.length === 0) fail(TypeError, where, 'options', `needs ${anyOf(providers)}`);
  const configured = accounts.map(({ adapter, entry }) => ({ adapter, userId: adapter.userIdOf(entry, where) }));
  const readers = configured.map(({ adapter, userId }) => ({
    adapter,
    userId,
    client: adapter.clientOf(given[adapter.provider]!.client, `${adapter.provider}.client`, where),
  }));

  /** Each configured provider's read, concurrently; a failure becomes that provider's `failures`. */
  async function readAll(options: UnreadSummaryOptions = {}): Promise<Partial<Record<C['provider'], ProviderRead<C>>>> {
    const reads = await Promise.all(
      readers.map(async ({ adapter, client, userId }): Promise<[string, ProviderRead<C>]> => {
        try {
          return [
            adapter.provider,
            (await adapter.read(client, userId, {
              onlyUnread: options.onlyUnread ?? false,
              signal: options.signal,
            })) as ProviderRead<C>,
          ];
        } catch (error) {
          options.signal?.throwIfAborted();
          return [
            adapter.provider,
            {
              conversations: [],
              failures: [
                { provider: adapter.provider, error: error instanceof Error ? error : new Error(String(error)) },
              ],
            },
          ];
        }
      }),
    );
    return Object.fromEntries(reads) as Partial<Record<C['provider'], ProviderRead<C>>>;
  }

  return {
    async unreadSummary(summaryOptions = {}) {
      optionalObject(summaryOptions, 'options', 'unreadSummary');
      if (summaryOptions.limit !== undefined) positiveId(summaryOptions.limit, 'limit', 'unreadSummary');
      return summarize<C>(await readAll(summaryOptions), summaryOptions, providers);
    },
    async markRead(conversation, markOptions) {
      const adapter = adapters.find((candidate) => candidate.provider === conversation?.provider);
      if (!adapter) fail(TypeError, 'markRead', 'conversation', 'must be an inbox conversation');
      const name = adapter.profile.displayName;
      if (!adapter.markRead)
        throw new UnsupportedOperationError(`markRead: ${name} documents no endpoint to mark a conversation read`);
      const reader = readers.find((candidate) => candidate.adapter === adapter);
      if (!reader) fail(TypeError, 'markRead', 'conversation', `is from ${name}, which this inbox does not read`);
      await adapter.markRead(
        reader.client,
        reader.userId,
        { id: conversation.id, raw: conversation.raw },
        { signal: markOptions?.signal },
      );
    },
    watch(watchOptions, onChange) {
      return watchUnread<C>(readAll, providers, watchOptions, onChange);
    },
  };
}
