import createClient from 'openapi-fetch';
import type { components, paths } from '../generated/inbox.js';

/** The inbox summary, as `GET {basePath}/summary` sends it. */
export type InboxSummary = components['schemas']['InboxSummary'];
/** One conversation of the summary. */
export type InboxApiConversation = components['schemas']['InboxConversation'];
/** Why a provider is missing from (or stale in) the summary. */
export type InboxApiFailure = components['schemas']['ProviderFailure'];

/** Options of {@link createInboxClient}. No credentials: cookies go as the page's `fetch` sends them. */
export interface InboxClientOptions {
  /** Where the site mounted `createInboxHandler`; relative URLs resolve against the page. @default '/api/inbox' */
  baseUrl?: string;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Options of {@link InboxClient.watch}. */
export interface InboxWatchOptions {
  /** Time between polls, in ms. @default 30000 */
  intervalMs?: number;
  /** Stops watching; `watch` then resolves. */
  signal?: AbortSignal;
  /** Hears of each failed poll (the watch goes on, backing off). */
  onError?: (error: unknown) => void;
}

/** A browser client of the inbox API. */
export interface InboxClient {
  /** The visitor's summary. @throws {InboxApiError} on a non-2xx answer (401 when not signed in) */
  summary(options?: { signal?: AbortSignal }): Promise<InboxSummary>;
  /** Marks a conversation of the summary read. @throws {InboxApiError} (501 for CommBox) */
  markRead(conversation: Pick<InboxApiConversation, 'provider' | 'id'>, options?: { signal?: AbortSignal }): Promise<void>;
  /**
   * Polls the summary with `If-None-Match` (a 304 costs almost nothing) and calls `onChange` first and
   * whenever anything shown changes (counts, last messages, failures, `stale`). Pauses while the tab is
   * hidden; backs off on 429/503 honouring `Retry-After`, and on errors. Resolves when `signal` aborts.
   */
  watch(options: InboxWatchOptions, onChange: (summary: InboxSummary) => void): Promise<void>;
}

/** A non-2xx answer of the inbox API: its status, body (`{ error: { code, message } }`) and `Retry-After`. */
export class InboxApiError extends Error {
  override name = 'InboxApiError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    /** The server's `Retry-After`, in ms, when it sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`Inbox API answered HTTP ${status}${(body as { error?: { message?: string } })?.error?.message ? `: ${(body as { error: { message: string } }).error.message}` : ''}`);
  }
}

const MAX_BACKOFF_MS = 300_000;

function failure(response: Response, body: unknown): InboxApiError {
  const seconds = Number(response.headers.get('retry-after'));
  return new InboxApiError(response.status, body, response.headers.has('retry-after') && seconds >= 0 ? seconds * 1000 : undefined);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/** Resolves once the page is visible (at once outside a page), or when `signal` aborts. */
const visible = (signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return resolve();
    const done = () => {
      if (document.visibilityState === 'hidden' && !signal?.aborted) return;
      document.removeEventListener('visibilitychange', done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    document.addEventListener('visibilitychange', done);
    signal?.addEventListener('abort', done);
  });

/**
 * Creates a client of the inbox API served by `createInboxHandler` on the site's backend. The page
 * never holds a vendor key: the server decides who the visitor is.
 * @example
 * const inbox = createInboxClient({ baseUrl: '/api/inbox' });
 * const { total } = await inbox.summary();
 * inbox.watch({ intervalMs: 15_000, signal }, (summary) => (badge.textContent = String(summary.total)));
 */
export function createInboxClient(options: InboxClientOptions = {}): InboxClient {
  const client = createClient<paths>({ baseUrl: options.baseUrl ?? '/api/inbox', fetch: options.fetch });

  return {
    async summary({ signal } = {}) {
      const { data, error, response } = await client.GET('/summary', { signal });
      if (!data) throw failure(response, error);
      return data;
    },

    async markRead(conversation, { signal } = {}) {
      const { error, response } = await client.POST('/conversations/{provider}/{id}/read', {
        params: { path: { provider: conversation.provider, id: conversation.id } },
        signal,
      });
      if (!response.ok) throw failure(response, error);
    },

    async watch({ intervalMs = 30_000, signal, onError }, onChange) {
      let etag: string | null = null;
      let shown = '';
      let backoffMs = intervalMs;
      while (!signal?.aborted) {
        await visible(signal);
        if (signal?.aborted) return;
        let waitMs = intervalMs;
        try {
          const headers: Record<string, string> = etag ? { 'If-None-Match': etag } : {};
          const { data, error, response } = await client.GET('/summary', { headers, signal, cache: 'no-store' });
          if (data) {
            etag = response.headers.get('etag');
            const key = JSON.stringify({ ...data, asOf: 0 });
            if (key !== shown) {
              shown = key;
              onChange(data);
            }
          }
          if (response.status === 304 || data) backoffMs = intervalMs;
          else throw failure(response, error);
        } catch (error) {
          if (signal?.aborted) return;
          backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
          waitMs = Math.max(error instanceof InboxApiError && error.retryAfterMs !== undefined ? error.retryAfterMs : backoffMs, intervalMs);
          onError?.(error);
        }
        await pause(waitMs, signal);
      }
    },
  };
}
