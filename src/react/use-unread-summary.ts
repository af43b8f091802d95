import { useCallback, useSyncExternalStore } from 'react';
import type { InboxClient } from '../browser/index.js';
import { intervalOption } from '../internal/poll-wait.js';
import { useInboxClient } from './inbox-context.js';
import { sharedPoll, type PollSnapshot } from './shared-poll.js';

/** Options of {@link useUnreadSummary}. */
export interface UseUnreadSummaryOptions {
  /** From `createInboxClient`; the `InboxClientProvider`'s when absent. */
  client?: InboxClient;
  /** Time between polls, in ms (an integer from 1 to 2³¹−1); components sharing a client poll once, at the shortest interval. @default 30000 */
  intervalMs?: number;
}

/** What {@link useUnreadSummary} returns. */
export interface UnreadSummaryState extends PollSnapshot {
  /** Polls now. */
  refresh(): Promise<void>;
}

/**
 * The visitor's unread summary, kept current: `data`, `error` (the last poll's), `loading` (nothing
 * yet), `stale` (the data shown is old: the server said so or the last poll failed). Live by default:
 * the server's event stream (`GET /events`), one per browser for all its tabs (see `createInboxClient`'s
 * `live`). Without it, every component using the same client shares one poll (with `If-None-Match`);
 * polling pauses while the page is hidden and backs off on errors, honouring `Retry-After` (capped at
 * 5 minutes, or `intervalMs` if longer).
 * @throws {TypeError} when there is no client (neither `client` nor an `InboxClientProvider`)
 * @throws {TypeError} naming `intervalMs` when it is not an integer from 1 to 2³¹−1
 * @example
 * const { data, stale } = useUnreadSummary({ client, intervalMs: 15_000 });
 * return <span className={stale ? 'badge stale' : 'badge'}>{data?.total ?? '…'}</span>;
 */
export function useUnreadSummary(options: UseUnreadSummaryOptions = {}): UnreadSummaryState {
  const client = useInboxClient(options.client, 'useUnreadSummary');
  const intervalMs = intervalOption(options.intervalMs ?? 30_000, 'useUnreadSummary');
  const poll = sharedPoll(client);
  const subscribe = useCallback((listener: () => void) => poll.subscribe(listener, intervalMs), [poll, intervalMs]);
  const snapshot = useSyncExternalStore(subscribe, poll.getSnapshot, poll.getSnapshot);
  const refresh = useCallback(() => poll.refresh(), [poll]);
  return { ...snapshot, refresh };
}
