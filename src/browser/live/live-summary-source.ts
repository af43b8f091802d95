import type { components } from '../../generated/inbox.js';

type Summary = components['schemas']['InboxSummary'];

/** Why live updates are not available, so the caller polls instead. */
export type LiveFallbackReason =
  /** EventSource, BroadcastChannel or Web Locks missing. */
  | 'unsupported'
  /** The server refused the stream (no `/events`: 404; 401; a 5xx; not `text/event-stream`). */
  | 'unavailable'
  /** No first event within `firstEventTimeoutMs` (a proxy buffering the stream). */
  | 'timeout';

/** Options of {@link createLiveSummarySource}. */
export interface LiveSummarySourceOptions {
  /** Where the site mounted `createInboxHandler`. @default '/api/inbox' */
  baseUrl?: string;
  /** Called with the first summary and each one that differs from the last, in every tab. */
  onSummary: (summary: Summary) => void;
  /** Called once when live updates cannot work here; the source has closed itself by then. */
  onFallback: (reason: LiveFallbackReason) => void;
  /** How long a new stream may stay silent before it counts as buffered. @default 10000 */
  firstEventTimeoutMs?: number;
  /** How long every tab may be hidden before the stream closes (it reopens when one shows). @default 60000 */
  hiddenGraceMs?: number;
}

/** Whether this page can go live: EventSource, BroadcastChannel and Web Locks (a browser page, not Node or a worker without them). */
export const liveSupported = (): boolean =>
  typeof EventSource === 'function' &&
  typeof BroadcastChannel === 'function' &&
  typeof location === 'object' &&
  typeof document === 'object' &&
  !!globalThis.navigator?.locks;

/**
 * Live summaries for every tab of the site over ONE connection per browser: the tab holding a Web
 * Lock opens the `EventSource` on `{baseUrl}/events` and passes each summary to the others over a
 * `BroadcastChannel`; when it closes, the lock goes to another tab at once, which opens a new stream.
 * While every tab is hidden for `hiddenGraceMs`, no stream is open. Calls `onFallback` (and stops)
 * when live cannot work, so the caller polls `GET /summary` instead.
 * @example
 * const live = createLiveSummarySource({ onSummary: (s) => render(s), onFallback: () => startPolling() });
 * // later: live.close();
 */
export function createLiveSummarySource(options: LiveSummarySourceOptions): { close(): void } {
  const { onSummary, onFallback, firstEventTimeoutMs = 10_000, hiddenGraceMs = 60_000 } = options;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    disconnect();
    clearTimeout(hideTimer);
    channel?.close();
    locked.abort();
    release?.();
    removeEventListener('pagehide', hide);
    document.removeEventListener('visibilitychange', onVisibility);
  };
  const fallback = (reason: LiveFallbackReason, tell?: boolean) => {
    if (closed) return;
    if (tell) channel?.postMessage({ f: reason });
    close();
    onFallback(reason);
  };

  if (!liveSupported()) {
    queueMicrotask(() => onFallback('unsupported'));
    return { close() {} };
  }
  const url = new URL(`${options.baseUrl ?? '/api/inbox'}/events`, location.href).href;
  const tab = Math.random().toString(36).slice(2);
  const visibleTabs = new Set<string>();
  const locked = new AbortController();
  let channel: BroadcastChannel | undefined;
  let source: EventSource | undefined;
  let release: (() => void) | undefined;
  let deadline: ReturnType<typeof setTimeout> | undefined;
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let shown = '';
  let shownKey = '';

  const show = (data: string) => {
    // What the summary shows: the server writes `asOf` last, and a new stream's snapshot may differ only there.
    const key = data.replace(/,"asOf":"[^"]*"\}$/, '}');
    if (key === shownKey) return;
    try {
      const summary = JSON.parse(data) as Summary;
      shown = data;
      shownKey = key;
      onSummary(summary);
    } catch {
      // not a summary: ignore it
    }
  };
  const disconnect = () => {
    clearTimeout(deadline);
    source?.close();
    source = undefined;
  };
  const connect = () => {
    if (source || closed) return;
    const opened = (source = new EventSource(url));
    deadline = setTimeout(() => fallback('timeout', true), firstEventTimeoutMs);
    opened.addEventListener('summary', (event) => {
      clearTimeout(deadline);
      channel?.postMessage({ s: event.data });
      show(event.data);
    });
    // EventSource retries a broken connection itself; CLOSED means the server refused the stream.
    opened.onerror = () => opened.readyState === 2 && fallback('unavailable', true);
  };
  /** The leader keeps a stream open while some tab is visible, and closes it after the grace period once none is. */
  const lead = () => {
    if (!release || closed) return;
    clearTimeout(hideTimer);
    if (document.visibilityState !== 'hidden' || visibleTabs.size) connect();
    else hideTimer = setTimeout(disconnect, hiddenGraceMs);
  };
  const announce = (visible: boolean) => channel?.postMessage({ v: visible, k: tab });
  const onVisibility = () => {
    announce(document.visibilityState !== 'hidden');
    lead();
  };
  const hide = () => announce(false);

  channel = new BroadcastChannel(`conversations-client:live:${url}`);
  channel.onmessage = ({
    data,
  }: MessageEvent<{ s?: string; f?: LiveFallbackReason; v?: boolean; k?: string; q?: 1 }>) => {
    if (data.s !== undefined) show(data.s);
    else if (data.f) fallback(data.f);
    else if (data.q && release && shown) channel?.postMessage({ s: shown });
    else if (data.k) {
      if (data.v) visibleTabs.add(data.k);
      else visibleTabs.delete(data.k);
      lead();
    }
  };
  document.addEventListener('visibilitychange', onVisibility);
  addEventListener('pagehide', hide);
  announce(document.visibilityState !== 'hidden');
  channel.postMessage({ q: 1 });
  navigator.locks
    .request(
      `conversations-client:live:${url}`,
      { signal: locked.signal },
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
          lead();
        }),
    )
    .catch(() => {});
  return { close };
}
