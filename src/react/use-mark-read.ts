import { useCallback, useState } from 'react';
import type { InboxApiConversation, InboxClient } from '../browser/index.js';
import { useInboxClient } from './inbox-context.js';
import { sharedPoll } from './shared-poll.js';

/** Options of {@link useMarkRead}. */
export interface UseMarkReadOptions {
  /** From `createInboxClient`; the `InboxClientProvider`'s when absent. */
  client?: InboxClient;
}

/** What {@link useMarkRead} returns. */
export interface MarkReadState {
  /**
   * Shows the conversation read at once in every `useUnreadSummary` of the client, then asks the
   * server; on failure the count comes back and the promise rejects with the error.
   */
  markRead(conversation: Pick<InboxApiConversation, 'provider' | 'id'>): Promise<void>;
  /** How many mark-reads are in flight. */
  pending: number;
  /** The last mark-read's error, cleared by the next one. */
  error: unknown;
}

/**
 * Marks conversations read optimistically, rolled back on failure (CommBox answers 501: it has no
 * read endpoint).
 * @throws {TypeError} when there is no client (neither `client` nor an `InboxClientProvider`)
 * @example
 * const { markRead } = useMarkRead({ client });
 * <button onClick={() => markRead(conversation)}>Mark read</button>
 */
export function useMarkRead(options: UseMarkReadOptions = {}): MarkReadState {
  const client = useInboxClient(options.client, 'useMarkRead');
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const markRead = useCallback(
    async (conversation: Pick<InboxApiConversation, 'provider' | 'id'>) => {
      const settle = sharedPoll(client).markOptimistically(conversation);
      setPending((count) => count + 1);
      setError(undefined);
      try {
        await client.markRead(conversation);
        void settle(true);
      } catch (caught) {
        void settle(false);
        setError(caught);
        throw caught;
      } finally {
        setPending((count) => count - 1);
      }
    },
    [client],
  );
  return { markRead, pending, error };
}
