import { shownKey, SUMMARY_SOURCE, type LiveSummaries, type SummarySource } from '../browser/summary-source.js';
import type { InboxApiConversation, InboxClient, InboxSummary } from '../browser/index.js';
import { isInboxSummary } from '../browser/summary-shape.js';
import { startPollLoop, type PollLoop } from '../internal/poll-loop.js';

/** What every component watching one client sees. */
export interface PollSnapshot {
  /** The last summary read, with optimistic mark-reads applied. */
  data: InboxSummary | undefined;
  /** The last poll's error; cleared by the next good poll. */
  error: unknown;
  /** No summary and no error yet. */
  loading: boolean;
  /** The summary shown is not current: the server said so, or the last poll failed. */
  stale: boolean;
}

type Listener = () => void;

const keyOf = (conversation: Pick<InboxApiConversation, 'provider' | 'id'>) =>
  `${conversation.provider}\u0000${conversation.id}`;

/** The summary with the conversations being marked read shown at 0 (and the totals lowered to match). */
function withOptimisticReads(summary: InboxSummary, pending: ReadonlyMap<string, number>): InboxSummary {
  if (pending.size === 0) return summary;
  const byProvider = { ...summary.byProvider };
  let total = summary.total;
  const conversations = summary.conversations.map((conversation) => {
    if (!pending.has(keyOf(conversation)) || conversation.unread === 0) return conversation;
    byProvider[conversation.provider] = Math.max(0, (byProvider[conversation.provider] ?? 0) - conversation.unread);
    total = Math.max(0, total - conversation.unread);
    return { ...conversation, unread: 0 };
  });
  return { ...summary, total, byProvider, conversations };
}

/** The client's conditional reader (ETag / 304), or plain `summary()` reads for a client made elsewhere. */
function sourceOf(client: InboxClient): SummarySource {
  const make = (client as { [SUMMARY_SOURCE]?: () => SummarySource })[SUMMARY_SOURCE];
  if (typeof make === 'function') return make();
  return {
    async next(signal) {
      const summary = await client.summary({ signal });
      // A client made elsewhere is checked as the built-in one checks what it reads.
      if (!isInboxSummary(summary)) throw new TypeError('summary() gave no inbox summary');
      return summary;
    },
  };
}

/**
 * One watch of one inbox client, shared by every component that watches it, running while anyone
 * listens: the client's live stream (`GET /events`, one per browser) when it has one, else (or once it
 * falls back) the browser client's poll loop (ETag, `Retry-After` capped, backoff, paused while the
 * page is hidden) at the shortest interval asked for.
 */
export class SharedPoll {
  private readonly listeners = new Map<Listener, number>();
  /** Conversations being marked read, with how many marks of each are in flight. */
  private readonly pending = new Map<string, number>();
  private readonly source: SummarySource;
  private server: InboxSummary | undefined;
  private error: unknown = undefined;
  private snapshot: PollSnapshot = { data: undefined, error: undefined, loading: true, stale: false };
  /** What runs while anyone listens: the live stream (no `poll`) or the poll loop; `stop` ends it. */
  private loop: { poll?: PollLoop; stop: AbortController } | undefined;
  /** The client's live stream, until it fell back (this page then polls). */
  private goLive: LiveSummaries | undefined;

  constructor(client: InboxClient) {
    this.source = sourceOf(client);
    this.goLive = (client as { [SUMMARY_SOURCE]?: { live?: LiveSummaries } })[SUMMARY_SOURCE]?.live;
  }

  /** Starts the live stream, or the poll loop once live is not (or no longer) possible. */
  private start(): void {
    const stop = new AbortController();
    const live = this.goLive;
    this.loop = {
      stop,
      poll: live
        ? undefined
        : startPollLoop({
            read: this.read,
            intervalMs: () => Math.min(...this.listeners.values()),
            signal: stop.signal,
          }),
    };
    if (live) {
      // Each event is a good read; a fallback starts the poll loop (while anyone listens).
      const stream = live(
        (summary) => this.read(undefined, summary),
        () => {
          this.goLive = undefined;
          if (!stop.signal.aborted) this.start();
        },
      );
      stop.signal.onabort = () => stream.close();
    }
  }

  getSnapshot = (): PollSnapshot => this.snapshot;

  /** Adds a listener polling at least every `intervalMs`; returns its removal. */
  subscribe(listener: Listener, intervalMs: number): () => void {
    this.listeners.set(listener, intervalMs);
    // The pace may have changed: the loop re-checks its wait (a shorter interval already over reads now).
    if (this.loop) this.loop.poll?.recheck();
    else this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.loop?.stop.abort();
      this.loop = undefined;
    };
  }

  /** Polls now (after a mark-read, or on demand); resolves when that read has ended, never rejects. */
  refresh(): Promise<void> {
    return this.loop?.poll ? this.loop.poll.now() : this.read().catch(() => {});
  }

  /**
   * Shows a conversation as read until the server agrees, or `settle(false)` rolls it back. Settling
   * always ends the optimistic state (after one more read when it succeeded), whatever that read gives.
   */
  markOptimistically(
    conversation: Pick<InboxApiConversation, 'provider' | 'id'>,
  ): (succeeded: boolean) => Promise<void> {
    const key = keyOf(conversation);
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    this.publish();
    let settled = false;
    return async (succeeded) => {
      if (settled) return;
      settled = true;
      // Keep showing 0 until a fresh summary (which has it at 0) arrives.
      if (succeeded) await this.refresh();
      const left = (this.pending.get(key) ?? 1) - 1;
      if (left > 0) this.pending.set(key, left);
      else this.pending.delete(key);
      this.publish();
    };
  }

  /** One read through the client's source (or a summary the live stream `pushed`); a failure is shown (and rethrown for the loop's backoff). */
  private readonly read = async (signal?: AbortSignal, pushed?: InboxSummary): Promise<void> => {
    try {
      const summary = pushed ?? (await this.source.next(signal));
      if (signal?.aborted) return;
      this.error = undefined;
      // Identical summaries (but for asOf) keep the same object: no re-render.
      if (summary && (!this.server || shownKey(summary) !== shownKey(this.server))) this.server = summary;
    } catch (error) {
      if (signal?.aborted) return;
      this.error = error;
      throw error;
    } finally {
      if (!signal?.aborted) this.publish();
    }
  };

  private publish(): void {
    const data = this.server && withOptimisticReads(this.server, this.pending);
    const stale = Boolean(data && (data.stale || this.error !== undefined));
    const next: PollSnapshot = { data, error: this.error, loading: !data && this.error === undefined, stale };
    const previous = this.snapshot;
    if (
      previous.error === next.error &&
      previous.loading === next.loading &&
      previous.stale === next.stale &&
      JSON.stringify(previous.data) === JSON.stringify(next.data)
    )
      return;
    this.snapshot = next;
    for (const listener of [...this.listeners.keys()]) listener();
  }
}

const polls = new WeakMap<InboxClient, SharedPoll>();

/** The one poll of a client (made on first use). */
export function sharedPoll(client: InboxClient): SharedPoll {
  let poll = polls.get(client);
  if (!poll) polls.set(client, (poll = new SharedPoll(client)));
  return poll;
}
