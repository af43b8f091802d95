import { RateLimitError, type Provider } from '../core/errors.js';
import { fail, integer } from '../core/validate.js';
import { summarize, type ProviderRead, type UnreadSummary, type UnreadSummaryOptions } from './summary.js';

/** Options of `inbox.watch`. */
export interface WatchOptions {
  /** Time between polls in ms. @default 30000 */
  intervalMs?: number;
  /** Stops the watch; the returned promise then resolves. */
  signal?: AbortSignal;
  /** Longest wait while throttled, in ms. @default 10 × intervalMs */
  maxBackoffMs?: number;
}

type ReadAll = (options: UnreadSummaryOptions) => Promise<Partial<Record<Provider, ProviderRead>>>;

/** The counts a badge shows: total, by provider, and each conversation's. */
const fingerprint = (summary: UnreadSummary): string =>
  JSON.stringify([summary.total, summary.byProvider, summary.conversations.map((conversation) => [conversation.provider, conversation.id, conversation.unread])]);

/** Resolves after `ms`, or early (to false) when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The polling loop behind `inbox.watch`. */
export async function watchUnread(readAll: ReadAll, options: WatchOptions, onChange: (summary: UnreadSummary) => void): Promise<void> {
  const where = 'watch';
  if (typeof onChange !== 'function') fail(TypeError, where, 'onChange', 'must be a function');
  const intervalMs = integer(options?.intervalMs ?? 30_000, 'intervalMs', where, 1);
  const maxBackoffMs = integer(options?.maxBackoffMs ?? intervalMs * 10, 'maxBackoffMs', where, intervalMs);
  const signal = options?.signal;
  const lastGood: Partial<Record<Provider, ProviderRead>> = {};
  let previous: string | undefined;
  let throttledPolls = 0;
  while (!signal?.aborted) {
    let reads: Partial<Record<Provider, ProviderRead>>;
    try {
      reads = await readAll({ signal });
    } catch (error) {
      if (signal?.aborted) return;
      throw error;
    }
    // A provider that failed keeps its last counts, so a passing error does not flash the badge.
    for (const [provider, read] of Object.entries(reads) as [Provider, ProviderRead][]) {
      const failed = read.failures.length > 0 && read.conversations.length === 0;
      if (failed && lastGood[provider]) reads[provider] = { conversations: lastGood[provider]!.conversations, failures: read.failures };
      else if (!failed) lastGood[provider] = read;
    }
    const summary = summarize(reads);
    const current = fingerprint(summary);
    if (current !== previous) {
      previous = current;
      onChange(summary);
    }
    const limits = summary.failures.map((failure) => failure.error).filter((error): error is RateLimitError => error instanceof RateLimitError);
    throttledPolls = limits.length ? throttledPolls + 1 : 0;
    const serverWait = Math.max(0, ...limits.map((error) => error.retryAfterMs ?? 0));
    const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** throttledPolls);
    if (!(await pause(Math.max(limits.length ? backoff : intervalMs, serverWait), signal))) return;
  }
}
