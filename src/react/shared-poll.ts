import type { InboxApiConversation, InboxClient, InboxSummary } from '../browser/index.js';

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

const keyOf = (conversation: Pick<InboxApiConversation, 'provider' | 'id'>) => `${conversation.provider}\u0000${conversation.id}`;

/** The summary with the conversations being marked read shown at 0 (and the totals lowered to match). */
function withOptimisticReads(summary: InboxSummary, pending: ReadonlySet<string>): InboxSummary {
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

/**
 * One poll of one inbox client, shared by every component that watches it: it runs while
 * anyone listens, at the shortest interval asked for, pauses while the page is hidden, and
 * backs off after errors (honouring `Retry-After`).
 */
export class SharedPoll {
  private readonly listeners = new Map<Listener, number>();
  private readonly pending = new Set<string>();
  private server: InboxSummary | undefined;
  private shownKey = '';
  private error: unknown = undefined;
  private snapshot: PollSnapshot = { data: undefined, error: undefined, loading: true, stale: false };
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private failures = 0;

  constructor(private readonly client: InboxClient) {}

  getSnapshot = (): PollSnapshot => this.snapshot;

  /** Adds a listener polling at least every `intervalMs`; returns its removal. */
  subscribe(listener: Listener, intervalMs: number): () => void {
    const first = this.listeners.size === 0;
    const before = this.intervalMs();
    this.listeners.set(listener, intervalMs);
    if (first) this.start();
    else if (this.intervalMs() < before) this.schedule(0);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Polls now (after a mark-read, or when the page shows again). */
  refresh(): Promise<void> {
    return this.poll();
  }

  /** Shows a conversation as read until the server agrees, or `settle(false)` rolls it back. */
  markOptimistically(conversation: Pick<InboxApiConversation, 'provider' | 'id'>): (succeeded: boolean) => void {
    const key = keyOf(conversation);
    this.pending.add(key);
    this.publish();
    return (succeeded) => {
      if (succeeded) {
        // Keep showing 0 until a fresh summary (which has it at 0) arrives.
        void this.poll().finally(() => {
          this.pending.delete(key);
          this.publish();
        });
      } else {
        this.pending.delete(key);
        this.publish();
      }
    };
  }

  private intervalMs(): number {
    return Math.min(...this.listeners.values());
  }

  private hidden(): boolean {
    return typeof document !== 'undefined' && document.visibilityState === 'hidden';
  }

  private readonly onVisibility = (): void => {
    if (this.hidden()) clearTimeout(this.timer);
    else this.schedule(0);
  };

  private start(): void {
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
    this.schedule(0);
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    if (this.listeners.size === 0 || this.hidden()) return;
    this.timer = setTimeout(() => {
      void this.poll().then(() => {
        const retryAfterMs = (this.error as { retryAfterMs?: number } | undefined)?.retryAfterMs;
        const backoff = this.failures ? Math.min(this.intervalMs() * 2 ** this.failures, 300_000) : this.intervalMs();
        this.schedule(Math.max(backoff, retryAfterMs ?? 0));
      });
    }, delayMs);
  }

  private async poll(): Promise<void> {
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    try {
      const summary = await this.client.summary({ signal: controller.signal });
      if (controller.signal.aborted) return;
      this.failures = 0;
      this.error = undefined;
      // Identical summaries (but for asOf) keep the same object: no re-render.
      const key = JSON.stringify({ ...summary, asOf: 0 });
      if (key !== this.shownKey || !this.server) {
        this.shownKey = key;
        this.server = summary;
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      this.failures++;
      this.error = error;
    }
    this.publish();
  }

  private publish(): void {
    const data = this.server && withOptimisticReads(this.server, this.pending);
    const stale = Boolean(data && (data.stale || this.error !== undefined));
    const next: PollSnapshot = { data, error: this.error, loading: !data && this.error === undefined, stale };
    const previous = this.snapshot;
    if (previous.error === next.error && previous.loading === next.loading && previous.stale === next.stale && JSON.stringify(previous.data) === JSON.stringify(next.data)) return;
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
