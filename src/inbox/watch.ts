import { RateLimitError, type Provider } from '../core/errors.js';
import { durationMs, fail } from '../core/validate.js';
import { startPollLoop } from '../internal/poll-loop.js';
import { summarize, type ProviderRead, type UnreadSummary, type UnreadSummaryOptions } from './summary.js';

/** Options of `inbox.watch`. */
export interface WatchOptions {
  /** Time between polls in ms, 1 to 2³¹−1. @default 30000 */
  intervalMs?: number;
  /** Stops the watch; the returned promise then resolves. */
  signal?: AbortSignal;
  /** Longest wait while throttled, in ms, from `intervalMs` to 2³¹−1. @default 10 × intervalMs (at most 2³¹−1) */
  maxBackoffMs?: number;
  /** Called with anything that went wrong outside the summary's `failures` (e.g. `onChange` threw); the watch goes on. */
  onError?: (error: unknown) => void;
}

type ReadAll = (options: UnreadSummaryOptions) => Promise<Partial<Record<Provider, ProviderRead>>>;

/** The counts a badge shows: total, by provider, and each conversation's. */
const fingerprint = (summary: UnreadSummary): string =>
  JSON.stringify([summary.total, summary.byProvider, summary.conversations.map((conversation) => [conversation.provider, conversation.id, conversation.unread])]);

/**
 * The polling loop behind `inbox.watch`. Options are checked at once (a bad one throws
 * before any promise exists); the loop itself never rejects.
 * @throws {TypeError|RangeError} naming the option
 */
export function watchUnread(readAll: ReadAll, options: WatchOptions, onChange: (summary: UnreadSummary) => void): Promise<void> {
  const where = 'watch';
  if (typeof onChange !== 'function') fail(TypeError, where, 'onChange', 'must be a function');
  if (typeof options !== 'object' || options === null) fail(TypeError, where, 'options', 'must be an object', options);
  const intervalMs = durationMs(options.intervalMs ?? 30_000, 'intervalMs', where);
  const maxBackoffMs = durationMs(options.maxBackoffMs ?? Math.min(2 ** 31 - 1, intervalMs * 10), 'maxBackoffMs', where, intervalMs);
  if (options.onError !== undefined && typeof options.onError !== 'function') fail(TypeError, where, 'onError', 'must be a function');
  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // a reporter that throws must not end the watch
    }
  };
  const signal = options.signal ?? new AbortController().signal;
  return startPollLoop({ read: readStep(readAll, onChange, report), intervalMs: () => intervalMs, maxBackoffMs, signal, onError: report }).done;
}

/**
 * One read of the watch: the providers' reads, each failed one keeping its last good counts (so a
 * passing error does not flash the badge); `onChange` when a count changed; `{ retryAfterMs }` to
 * back off while a provider is throttled.
 */
function readStep(readAll: ReadAll, onChange: (summary: UnreadSummary) => void, report: (error: unknown) => void) {
  const lastGood: Partial<Record<Provider, ProviderRead>> = {};
  let previous: string | undefined;
  return async (signal: AbortSignal): Promise<void | { retryAfterMs?: number }> => {
    const reads = await readAll({ signal });
    for (const [provider, read] of Object.entries(reads) as [Provider, ProviderRead][]) {
      const failed = read.failures.length > 0 && read.conversations.length === 0;
      if (failed && lastGood[provider]) reads[provider] = { conversations: lastGood[provider]!.conversations, failures: read.failures };
      else if (!failed) lastGood[provider] = read;
    }
    const summary = summarize(reads);
    const current = fingerprint(summary);
    if (current !== previous) {
      previous = current;
      try {
        onChange(summary);
      } catch (error) {
        report(error);
      }
    }
    const limits = summary.failures.map((failure) => failure.error).filter((error): error is RateLimitError => error instanceof RateLimitError);
    const waits = limits.map((error) => error.retryAfterMs).filter((ms): ms is number => typeof ms === 'number');
    // Throttled: the longest Retry-After asked for, else the doubling backoff.
    if (limits.length) return { retryAfterMs: waits.length ? Math.max(...waits) : undefined };
  };
}
