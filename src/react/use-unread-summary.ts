import { useCallback, useSyncExternalStore } from 'react';
import type { InboxClient } from '../browser/index.js';
import { useInboxClient } from './inbox-context.js';
import { sharedPoll, type PollSnapshot } from './shared-poll.js';

/** Options of {@link useUnreadSummary}. */
export interface UseUnreadSummaryOptions {
  /** From `createInboxClient`; the `InboxClientProvider`'s when absent. */
  client?: InboxClient;
  /** Time between polls, in ms; components sharing a client poll once, at the shortest interval. @default 30000 */
  intervalMs?: number;
}

/** What {@link useUnreadSummary} returns. */
export interface UnreadSummaryState extends PollSnapshot {
  /** Polls now. */
  refresh(): Promise<void>;
}

/**
 * The visitor's unread summary, kept current: `data`, `error` (the last poll's), `loading` (nothing
 * yet), `stale` (the data shown is old: the server said so or the last poll failed). Every component
 * using the same client shares one poll; polling pauses while the page is hidden and backs off on errors.
 * @throws {TypeError} when there is no client (neither `client` nor an `InboxClientProvider`)
 * @throws {RangeError} when `intervalMs` is not a positive number
 * @example
 * const { data, stale } = useUnreadSummary({ client, intervalMs: 15_000 });
 * return <span className={stale ? 'badge stale' : 'badge'}>{data?.total ?? '…'}</span>;
 */
export function useUnreadSummary(options: UseUnreadSummaryOptions = {}): UnreadSummaryState {
  const client = useInboxClient(options.client, 'useUnreadSummary');
  const intervalMs = options.intervalMs ?? 30_000;
  if (!(typeof intervalMs === 'number' && intervalMs > 0)) throw new RangeError(`useUnreadSummary: intervalMs must be a positive number of milliseconds, got ${String(options.intervalMs)}`);
  const poll = sharedPoll(client);
  const subscribe = useCallback((listener: () => void) => poll.subscribe(listener, intervalMs), [poll, intervalMs]);
  const snapshot = useSyncExternalStore(subscribe, poll.getSnapshot, poll.getSnapshot);
  const refresh = useCallback(() => poll.refresh(), [poll]);
  return { ...snapshot, refresh };
}
