import { delay } from '../core/abort.js';
import { RateLimitError } from '../core/errors.js';
import { durationMs, fail } from '../core/validate.js';
import type { InboxConversationOf } from './inbox-conversation.js';
import { summarize, type ProviderRead, type UnreadSummaryOf, type UnreadSummaryOptions } from './summary.js';

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

type Reads<C extends InboxConversationOf> = Partial<Record<C['provider'], ProviderRead<C>>>;
type ReadAll<C extends InboxConversationOf> = (options: UnreadSummaryOptions) => Promise<Reads<C>>;

/** The counts a badge shows: total, by provider, and each conversation's. */
const fingerprint = (summary: UnreadSummaryOf): string =>
  JSON.stringify([
    summary.total,
    summary.byProvider,
    summary.conversations.map((conversation) => [conversation.provider, conversation.id, conversation.unread]),
  ]);

/** Resolves after `ms` (to true), or early (to false) when `signal` aborts. */
const pause = (ms: number, signal: AbortSignal | undefined): Promise<boolean> =>
  delay(ms, signal).then(
    () => true,
    () => false,
  );

/**
 * The polling loop behind `inbox.watch`. Options are checked at once (a bad one throws
 * before any promise exists); the loop itself never rejects.
 * @throws {TypeError|RangeError} naming the option
 */
export function watchUnread<C extends InboxConversationOf>(
  readAll: ReadAll<C>,
  providers: readonly C['provider'][],
  options: WatchOptions,
  onChange: (summary: UnreadSummaryOf<C>) => void,
): Promise<void> {
  const where = 'watch';
  if (typeof onChange !== 'function') fail(TypeError, where, 'onChange', 'must be a function');
  if (typeof options !== 'object' || options === null) fail(TypeError, where, 'options', 'must be an object', options);
  const intervalMs = durationMs(options.intervalMs ?? 30_000, 'intervalMs', where);
  const maxBackoffMs = durationMs(
    options.maxBackoffMs ?? Math.min(2 ** 31 - 1, intervalMs * 10),
    'maxBackoffMs',
    where,
    intervalMs,
  );
  if (options.onError !== undefined && typeof options.onError !== 'function')
    fail(TypeError, where, 'onError', 'must be a function');
  const report = (error: unknown): void => {
    try {
      options.onError?.(error);
    } catch {
      // a reporter that throws must not end the watch
    }
  };
  return poll(readAll, { intervalMs, maxBackoffMs, signal: options.signal, report, providers }, onChange);
}

interface Loop {
  intervalMs: number;
  maxBackoffMs: number;
  signal: AbortSignal | undefined;
  report: (error: unknown) => void;
  providers: readonly string[];
}

async function poll<C extends InboxConversationOf>(
  readAll: ReadAll<C>,
  loop: Loop,
  onChange: (summary: UnreadSummaryOf<C>) => void,
): Promise<void> {
  const { intervalMs, maxBackoffMs, signal, report, providers } = loop;
  const lastGood: Reads<C> = {};
  let previous: string | undefined;
  let throttledPolls = 0;
  while (!signal?.aborted) {
    let wait = intervalMs;
    try {
      const reads = await readAll({ signal });
      // A provider that failed keeps its last counts, so a passing error does not flash the badge.
      for (const [provider, read] of Object.entries(reads) as [C['provider'], ProviderRead<C>][]) {
        const failed = read.failures.length > 0 && read.conversations.length === 0;
        if (failed && lastGood[provider])
          reads[provider] = { conversations: lastGood[provider]!.conversations, failures: read.failures };
        else if (!failed) lastGood[provider] = read;
      }
      const summary = summarize<C>(reads, {}, providers);
      const current = fingerprint(summary);
      if (current !== previous) {
        previous = current;
        try {
          onChange(summary);
        } catch (error) {
          report(error);
        }
      }
      const limits = summary.failures
        .map((failure) => failure.error)
        .filter((error): error is RateLimitError => error instanceof RateLimitError);
      throttledPolls = limits.length ? throttledPolls + 1 : 0;
      const serverWait = Math.max(0, ...limits.map((error) => error.retryAfterMs ?? 0));
      const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** Math.min(throttledPolls, 30));
      wait = Math.min(2 ** 31 - 1, Math.max(limits.length ? backoff : intervalMs, serverWait));
    } catch (error) {
      if (signal?.aborted) return;
      report(error);
    }
    if (!(await pause(wait, signal))) return;
  }
}
