import { withDeadline } from '../core/abort.js';
import type { InboxStore } from './store.js';

/** A store whose methods never reject: a failure or a slow answer reads as "nothing shared". */
export interface SafeStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** A token, `undefined` when another holder has the lock, or `''` when the store failed (carry on alone). */
  acquireLock(key: string, ttlMs: number): Promise<string | undefined>;
  releaseLock(key: string, token: string): Promise<void>;
}

/** Thrown into `onError` when a store call takes longer than the handler waits. */
export class StoreTimeoutError extends Error {
  override name = 'StoreTimeoutError';
}

/**
 * Given to `onError` (with `{ source: 'store', recovered: true }`) when a store outage ends: the
 * kind of failure that was reported, how long it lasted and how many calls failed meanwhile.
 */
export class StoreRecoveredError extends Error {
  override name = 'StoreRecoveredError';
  /** The kind of failure that ended: `unavailable` (timeouts, no connection), or the error's name and Redis code, e.g. `RedisStoreError OOM`. */
  readonly kind: string;
  /** How long the outage lasted, in ms. */
  readonly durationMs: number;
  /** Store calls that failed or were skipped during it. */
  readonly failedCalls: number;

  constructor(kind: string, durationMs: number, failedCalls: number) {
    super(`store recovered from ${kind} after ${durationMs} ms (${failedCalls} calls failed or skipped)`);
    this.kind = kind;
    this.durationMs = durationMs;
    this.failedCalls = failedCalls;
  }
}

/** How long calls skip a store that timed out or could not be reached, before one is tried again (in the background). */
const RETRY_INTERVAL_MS = 1_000;

type Operation = 'get' | 'set' | 'delete' | 'acquireLock' | 'releaseLock';

/** The kind of a store failure: outages of one kind are reported once, whichever operations fail. */
function kindOf(error: Error): string {
  // A store that times out and one that cannot be reached (or whose own breaker skips it) are one outage.
  const reason = (error as { reason?: unknown }).reason;
  if (error instanceof StoreTimeoutError || reason === 'timeout' || reason === 'unreachable') return 'unavailable';
  const cause = (error as { cause?: unknown }).cause;
  const causeCode = cause instanceof Error ? /^[A-Z]{2,}\b/.exec(cause.message)?.[0] : undefined; // Redis error prefix: OOM, READONLY, NOPERM…
  return causeCode ? `${error.name} ${causeCode}` : error.name;
}

/** Timeouts and lost connections: the store is not answering, so calls skip it for a while (replies such as OOM do not). */
const isUnanswered = (kind: string) => kind === 'unavailable';

/**
 * Wraps `store` so that a call which rejects or outlasts `timeoutMs` resolves to the
 * no-shared-state answer, or to `local`'s (this process's own store, so an outage of a shared
 * store keeps per-instance caching).
 *
 * - `onError` hears of each outage once per kind of failure (an error naming it), and of its end
 *   (a {@link StoreRecoveredError}, `recovered: true`). An operation's outage ends when that
 *   operation succeeds again: a working `get` does not end an outage of `set`.
 * - While the store does not answer (timeouts, lost connection), calls do not wait on it: they get
 *   the fallback at once, and every second one call is sent in the background to see whether it is back.
 * - A lock that is granted after its call timed out is released as soon as it arrives (nobody holds it).
 * @param now the clock for the retry interval (the handler's)
 */
export function createSafeStore(
  store: InboxStore,
  timeoutMs: number,
  onError: (error: Error, recovered?: boolean) => void,
  local?: InboxStore,
  now: () => number = Date.now,
): SafeStore {
  /** Open outages per operation, with the kind, when each started and how many calls failed. */
  const outages = new Map<Operation, { kind: string; since: number; failed: number }>();
  let skipUntil = 0;
  let probing = false;

  function failed(operation: Operation, error: Error): void {
    const kind = kindOf(error);
    const open = outages.get(operation);
    if (open) {
      open.failed++;
      return;
    }
    const reported = [...outages.values()].some((outage) => outage.kind === kind);
    outages.set(operation, { kind, since: now(), failed: 1 });
    if (!reported) onError(error);
  }

  function succeeded(operation: Operation): void {
    const open = outages.get(operation);
    if (!open) return;
    outages.delete(operation);
    if (isUnanswered(open.kind)) {
      // The store answers again: every operation's outage of that kind is over.
      for (const [other, outage] of outages)
        if (outage.kind === open.kind) {
          outages.delete(other);
          open.failed += outage.failed;
        }
    }
    skipUntil = 0;
    if (![...outages.values()].some((outage) => outage.kind === open.kind))
      onError(new StoreRecoveredError(open.kind, Math.max(0, now() - open.since), open.failed), true);
  }

  /** `run()` within the time limit; `undefined` when it timed out, with `late` called on a result that comes after. */
  async function attempt<T>(
    operation: Operation,
    run: () => Promise<T>,
    late?: (result: T) => void,
  ): Promise<{ value: T } | undefined> {
    let timedOut = false;
    const pending = Promise.resolve().then(run);
    const expired = () => {
      timedOut = true;
      return new StoreTimeoutError(`store.${operation} took longer than ${timeoutMs} ms`);
    };
    pending.then(
      (result) => timedOut && late?.(result),
      () => {},
    );
    try {
      const value = await withDeadline(() => pending, timeoutMs, { reason: expired });
      succeeded(operation);
      return { value };
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(`store.${operation} failed: ${String(error)}`);
      failed(operation, failure);
      if (isUnanswered(kindOf(failure))) skipUntil = now() + RETRY_INTERVAL_MS;
      return undefined;
    }
  }

  async function call<T>(
    operation: Operation,
    run: () => Promise<T>,
    fallback: () => T | Promise<T>,
    late?: (result: T) => void,
  ): Promise<T> {
    if (skipUntil !== 0) {
      const open = outages.get(operation);
      if (open) open.failed++;
      if (!probing && now() >= skipUntil) {
        // One call at a time finds out, in the background, whether the store is back.
        probing = true;
        void attempt(operation, run, late)
          .then((result) => result && late?.(result.value)) // its answer is not used: a lock it got is nobody's
          .finally(() => (probing = false));
      }
      return fallback();
    }
    const result = await attempt(operation, run, late);
    return result ? result.value : fallback();
  }

  return {
    get: (key) =>
      call(
        'get',
        async () => (await store.get(key)) ?? undefined,
        async () => (await local?.get(key)) ?? undefined,
      ),
    set: (key, value, ttlMs) =>
      call(
        'set',
        () => store.set(key, value, ttlMs),
        async () => local?.set(key, value, ttlMs),
      ),
    delete: (key) =>
      call(
        'delete',
        () => store.delete(key),
        async () => local?.delete(key),
      ),
    // Without the shared lock, the handler's in-process coalescing is the per-instance behaviour.
    acquireLock: (key, ttlMs) =>
      call(
        'acquireLock',
        () => store.acquireLock(key, ttlMs),
        () => '',
        (token) => {
          if (token) void store.releaseLock(key, token).catch(() => {});
        },
      ),
    releaseLock: (key, token) =>
      token === ''
        ? Promise.resolve()
        : call(
            'releaseLock',
            () => store.releaseLock(key, token),
            () => undefined,
          ),
  };
}
