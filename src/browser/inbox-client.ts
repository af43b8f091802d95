import createClient from 'openapi-fetch';
import type { paths } from '../generated/inbox.js';
import { quietly, startPollLoop } from '../internal/poll-loop.js';
import { intervalOption } from '../internal/poll-wait.js';
import { createLiveSummarySource } from './live/live-summary-source.js';
import { isInboxSummary } from './summary-shape.js';
import { shownKey, SUMMARY_SOURCE, type LiveSummaries, type SummarySource } from './summary-source.js';
import type { InboxApiConversation, InboxSummary } from './summary-types.js';

export type { InboxApiConversation, InboxApiFailure, InboxSummary } from './summary-types.js';

/** Options of {@link createInboxClient}. No credentials: cookies go as the page's `fetch` sends them. */
export interface InboxClientOptions {
  /** Where the site mounted `createInboxHandler`; relative URLs resolve against the page. @default '/api/inbox' */
  baseUrl?: string;
  /** The fetch to use (for `GET /summary` and mark-read; the live stream is the browser's EventSource). @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * `watch` (and `useUnreadSummary`) follow `GET {baseUrl}/events`: one stream per browser, shared by its
   * tabs, polling only when the server has no stream, a proxy buffers it, or the browser lacks EventSource.
   * `false`: always poll. @default true
   */
  live?: boolean;
  /** After falling back to polling (404, a buffering proxy), `watch` tries the stream again this often, in ms. @default 300000 */
  liveRetryMs?: number;
}

/** Options of {@link InboxClient.watch}. */
export interface InboxWatchOptions {
  /** Time between polls, in ms: an integer from 1 to 2³¹−1. @default 30000 */
  intervalMs?: number;
  /** Stops watching; `watch` then resolves. */
  signal?: AbortSignal;
  /** Hears of each failed poll, and of an `onChange` that threw (the watch goes on, backing off after failed polls). */
  onError?: (error: unknown) => void;
}

/** A browser client of the inbox API. */
export interface InboxClient {
  /** The visitor's summary. @throws {InboxApiError} on a non-2xx answer (401 when not signed in) or a body that is not a summary */
  summary(options?: { signal?: AbortSignal }): Promise<InboxSummary>;
  /**
   * Marks a conversation of the summary read.
   * @throws {TypeError} naming `conversation.provider` / `conversation.id` when one is empty, `.` or `..` (no request is sent)
   * @throws {InboxApiError} (501 for CommBox)
   */
  markRead(
    conversation: Pick<InboxApiConversation, 'provider' | 'id'>,
    options?: { signal?: AbortSignal },
  ): Promise<void>;
  /**
   * Calls `onChange` with the summary first and whenever anything shown changes (counts, last messages,
   * failures, `stale`). Live by default: the server's event stream (`GET /events`), held by one tab of the
   * browser for all of them, closed while every tab is hidden for a minute. Without it (404, a buffering
   * proxy, no EventSource, `live: false`) it polls the summary with `If-None-Match` (a 304 costs almost
   * nothing), paused while the tab is hidden, backing off on errors, honouring `Retry-After` (capped at
   * 5 minutes, or `intervalMs` if longer). Resolves when `signal` aborts; never rejects.
   * @throws {TypeError} at once (no promise, no request) naming `intervalMs` when it is not an integer from 1 to 2³¹−1
   */
  watch(options: InboxWatchOptions, onChange: (summary: InboxSummary) => void): Promise<void>;
}

/** A non-2xx answer of the inbox API, or a 2xx one whose body is not a summary: its status, body (`{ error: { code, message } }`) and `Retry-After`. */
export class InboxApiError extends Error {
  override name = 'InboxApiError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** The server's `Retry-After`, in ms (seconds or an HTTP date), when it sent a usable one; loops cap their waits. */
    readonly retryAfterMs?: number,
  ) {
    super(
      `Inbox API answered HTTP ${status}${(body as { error?: { message?: string } })?.error?.message ? `: ${(body as { error: { message: string } }).error.message}` : ''}`,
    );
  }
}

/** `Retry-After` in ms (delay-seconds or an HTTP date); undefined when absent, past or unusable (`-5`, `1e400`, `soon`). */
function retryAfter(response: Response): number | undefined {
  const value = response.headers.get('retry-after') ?? '';
  const ms = /^\d+(?:\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return ms >= 0 ? ms : undefined;
}

const failure = (response: Response, body: unknown): InboxApiError =>
  new InboxApiError(response.status, body, retryAfter(response));

/** Refuses a path segment a URL would resolve away (`.`, `..`) or drop (empty); `%` is encoded, so `%2e` stays. */
function segment(value: unknown, name: string): string {
  if (typeof value !== 'string' || /^\.{0,2}$/.test(value)) {
    throw new TypeError(
      `markRead: "conversation.${name}" must be a string, not "", "." or ".." (a path segment), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * Creates a client of the inbox API served by `createInboxHandler` on the site's backend. The page
 * never holds a vendor key: the server decides who the visitor is.
 * @throws {TypeError} naming `liveRetryMs` when it is not an integer from 1 to 2³¹−1
 * @example
 * const inbox = createInboxClient({ baseUrl: '/api/inbox' });
 * const { total } = await inbox.summary();
 * inbox.watch({ intervalMs: 15_000, signal }, (summary) => (badge.textContent = String(summary.total)));
 */
export function createInboxClient(options: InboxClientOptions = {}): InboxClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '/api/inbox', fetch: options.fetch });

  /** One GET of the summary; `undefined` when `etag` was sent and the server answered 304. */
  async function read(
    signal?: AbortSignal,
    etag?: string | null,
  ): Promise<{ summary?: InboxSummary; etag: string | null }> {
    const { data, error, response } = await client.GET('/summary', {
      signal,
      parseAs: 'text',
      // The server answers `Cache-Control: private, no-cache`: the browser revalidates, our ETag decides.
      headers: etag ? { 'If-None-Match': etag } : {},
    });
    if (etag && response.status === 304) return { etag };
    if (!response.ok) throw failure(response, error);
    let body: unknown;
    try {
      body = JSON.parse(data ?? '');
    } catch {
      // not JSON: an HTML page, a truncated body
    }
    if (!isInboxSummary(body))
      throw failure(response, { error: { code: 'invalid_response', message: 'not an inbox summary' } });
    return { summary: body, etag: response.headers.get('etag') };
  }

  const source = (): SummarySource => {
    let etag: string | null = null;
    return {
      async next(signal) {
        const answer = await read(signal, etag);
        etag = answer.etag;
        return answer.summary;
      },
    };
  };

  const liveRetryMs = intervalOption(options.liveRetryMs ?? 300_000, 'createInboxClient', 'liveRetryMs');
  const live: LiveSummaries | undefined =
    options.live === false
      ? undefined
      : (onSummary, onFallback) =>
          createLiveSummarySource({
            baseUrl: options.baseUrl ?? '/api/inbox',
            // A stream's data is checked as a read's body is.
            onSummary: (summary) => isInboxSummary(summary) && onSummary(summary),
            onFallback,
          });

  return {
    [SUMMARY_SOURCE]: Object.assign(source, { live }),

    async summary(options) {
      return (await read(options?.signal)).summary!;
    },

    async markRead(conversation, options) {
      const path = {
        provider: segment(conversation?.provider, 'provider') as InboxApiConversation['provider'],
        id: segment(conversation?.id, 'id'),
      };
      const { error, response } = await client.POST('/conversations/{provider}/{id}/read', {
        params: { path },
        signal: options?.signal,
      });
      if (!response.ok) throw failure(response, error);
    },

    watch(options, onChange) {
      const { intervalMs: interval = 30_000, signal = new AbortController().signal, onError } = options;
      const intervalMs = intervalOption(interval, 'watch');
      const report = quietly(onError);
      let shown = '';
      /** Calls onChange when the summary shows something new; what it throws is reported. */
      const show = (summary: InboxSummary) => {
        if (shownKey(summary) === shown) return;
        shown = shownKey(summary);
        onChange(summary);
      };
      const poll = (pollSignal: AbortSignal) => {
        const summaries = source();
        return startPollLoop({
          intervalMs: () => intervalMs,
          signal: pollSignal,
          // What onChange throws is a failed poll: reported, backed off, the watch goes on.
          onError: report,
          read: async (readSignal) => {
            const summary = await summaries.next(readSignal);
            if (summary) show(summary);
          },
        }).done;
      };
      if (!live || signal.aborted) return poll(signal);
      return new Promise<void>((resolve) => {
        const connect = () => {
          const stream = live(
            (summary) => {
              try {
                show(summary);
              } catch (error) {
                report(error);
              }
            },
            (reason) => {
              signal.removeEventListener('abort', stop);
              // Poll meanwhile; unless the browser cannot do it at all, try the stream again later (a restarted server, a fixed proxy).
              const polling = new AbortController();
              const end = () => polling.abort();
              signal.addEventListener('abort', end, { once: true });
              const retry =
                reason === 'unsupported'
                  ? undefined
                  : setTimeout(() => {
                      signal.removeEventListener('abort', end);
                      polling.abort();
                      connect();
                    }, liveRetryMs);
              void poll(polling.signal).then(() => {
                clearTimeout(retry);
                if (signal.aborted) resolve();
              });
            },
          );
          const stop = () => {
            stream.close();
            resolve();
          };
          signal.addEventListener('abort', stop, { once: true });
        };
        connect();
      });
    },
  } as InboxClient;
}
