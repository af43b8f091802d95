import { delay, withDeadline } from '../core/abort.js';
import type { CacheOutcome, HandlerTelemetry, RequestTelemetry } from '../internal/telemetry.js';
import type { ProviderAdapter } from './providers.js';
import type { SafeStore } from './safe-store.js';
import { storeKeys } from './store.js';
import { parseFailureWindow, parseStoredRead, type StoredRead } from './stored-read.js';
import {
  isRateLimited,
  toStoredConversation,
  toWireFailure,
  type StoredConversation,
  type WireFailure,
} from './wire.js';

/** Settings a provider source shares with the handler. */
export interface SourceSettings {
  store: SafeStore;
  now: () => number;
  cacheTtlMs: number;
  staleTtlMs: number;
  /** Deadline of one vendor read (all its pages), in ms. */
  vendorTimeoutMs: number;
  /** The throttle window after a 429 that names no wait. */
  defaultRetryAfterMs: number;
  /** After a vendor 5xx, timeout or unreachable vendor: how long the account's reads answer that failure (stale data at once) without a call. */
  failureWindowMs: number;
  /** Whether results carry each conversation's `raw` (the store always holds it; this option alone decides what is shown). */
  includeRaw: boolean;
  /** Where cache outcomes and throttle windows are reported (spans, metrics, `onEvent`). */
  telemetry?: HandlerTelemetry | undefined;
}

/** A provider's part of one summary. */
export interface SourceResult {
  conversations: StoredConversation[];
  failures: WireFailure[];
  /** True when the data is older than the cache TTL (served because the vendor is throttled or failing). */
  stale: boolean;
  /** When the data was read from the vendor; `undefined` when there is none. */
  at: number | undefined;
}

type CachedRead = StoredRead;

/** Failure codes that open the account's failure window: the vendor is down or slow, not refusing this user. */
const WINDOW_CODES: ReadonlySet<WireFailure['code']> = new Set(['timeout', 'unavailable', 'vendor_error']);

/** The longest throttle window honoured, whatever a vendor asks. */
const MAX_THROTTLE_MS = 3_600_000;
/** How often a request waiting on another instance's read looks at the cache. */
const POLL_MS = 25;

/** A vendor 5xx, a timeout or an unreachable vendor (not a 4xx it answered about this request). */
function opensFailureWindow(failure: WireFailure, error: unknown): boolean {
  const status = (error as { status?: unknown } | undefined)?.status;
  return WINDOW_CODES.has(failure.code) && !(typeof status === 'number' && status < 500);
}

/**
 * One provider account's reads for the handler: cached for `cacheTtlMs`, coalesced per user
 * (in this process with a Map of in-flight reads, across instances with the store's lock),
 * and never sent while the account is throttled; the last good read is served meanwhile.
 */
export function createProviderSource(adapter: ProviderAdapter, settings: SourceSettings) {
  const { store, now } = settings;
  /** This process's read per user, with the generation it started under (a later request joins it only under the same one). */
  const inFlight = new Map<string, { generation: string; result: Promise<SourceResult> }>();
  let throttledUntil = 0; // this process's own knowledge, kept when the store fails
  const throttleKey = storeKeys.throttle(adapter.accountKey);
  const failureKey = storeKeys.failureWindow(adapter.accountKey);
  const readKey = (userId: string) => storeKeys.read(adapter.accountKey, encodeURIComponent(userId));
  const lockKey = (userId: string) => storeKeys.readLock(adapter.accountKey, encodeURIComponent(userId));
  const generationKey = (userId: string) => storeKeys.generation(adapter.accountKey, encodeURIComponent(userId));
  const lockTtlMs = settings.vendorTimeoutMs + 1_000;

  async function cached(userId: string): Promise<CachedRead | undefined> {
    const entry = parseStoredRead(await store.get(readKey(userId)), adapter.provider);
    return entry && now() - entry.at < settings.staleTtlMs ? entry : undefined;
  }

  /** The user's generation: changed by every invalidation; a read started under another one is never written back. */
  const generation = async (userId: string): Promise<string> => (await store.get(generationKey(userId))) ?? '';

  /** What this handler shows of stored conversations: `raw` only with its own `includeRaw`. */
  const shown = (conversations: StoredConversation[]): StoredConversation[] =>
    settings.includeRaw ? conversations : conversations.map(({ raw: _raw, ...conversation }) => conversation);
  const isFresh = (entry: CachedRead | undefined): entry is CachedRead =>
    entry !== undefined && now() - entry.at < settings.cacheTtlMs;
  const fresh = (entry: CachedRead): SourceResult => ({
    conversations: shown(entry.conversations),
    failures: entry.failures,
    at: entry.at,
    stale: false,
  });
  const fallback = (entry: CachedRead | undefined, failure: WireFailure): SourceResult =>
    entry
      ? { conversations: shown(entry.conversations), failures: [failure], stale: true, at: entry.at }
      : { conversations: [], failures: [failure], stale: false, at: undefined };

  /** Epoch ms until which the account is throttled (0 when it is not). */
  async function throttleEnd(): Promise<number> {
    // Read back as input: a value that is no number, or a window longer than any vendor may ask, is ignored.
    const shared = Number((await store.get(throttleKey)) ?? 0);
    return Math.max(throttledUntil, Number.isFinite(shared) && shared <= now() + MAX_THROTTLE_MS ? shared : 0);
  }

  /** The failure the account answers without a call while its failure window is open, if it is. */
  async function openFailure(): Promise<WireFailure | undefined> {
    const window = parseFailureWindow(await store.get(failureKey));
    return window && window.until > now() && window.until - now() <= settings.failureWindowMs
      ? window.failure
      : undefined;
  }

  async function throttle(retryAfterMs: number | undefined): Promise<number> {
    const waitMs = Math.ceil(Math.min(Math.max(retryAfterMs ?? settings.defaultRetryAfterMs, 0), MAX_THROTTLE_MS));
    const until = now() + waitMs;
    throttledUntil = Math.max(throttledUntil, until);
    if (waitMs > 0) settings.telemetry?.throttleOpened(adapter.provider, waitMs);
    if (waitMs > 0) await store.set(throttleKey, String(until), waitMs);
    return waitMs;
  }

  /** Writes a read back unless the user's generation moved since `startedUnder` (checked before and after: an invalidation in between deletes it). */
  async function writeBack(userId: string, entry: CachedRead, startedUnder: string): Promise<void> {
    if ((await generation(userId)) !== startedUnder) return;
    await store.set(readKey(userId), JSON.stringify(entry), settings.staleTtlMs);
    if ((await generation(userId)) !== startedUnder) await store.delete(readKey(userId));
  }

  async function readVendor(userId: string, last: CachedRead | undefined, startedUnder: string): Promise<SourceResult> {
    let timedOut = false;
    const expired = () => {
      timedOut = true;
      return new Error('vendor read deadline');
    };
    try {
      // Never sleep through a Retry-After here, whatever the client's retry settings.
      const read = await withDeadline(
        (signal) => adapter.read(userId, { maxRetries: 0, timeoutMs: settings.vendorTimeoutMs, signal }),
        settings.vendorTimeoutMs,
        { reason: expired },
      );
      const entry: CachedRead = {
        at: now(),
        conversations: read.conversations.map((conversation) => toStoredConversation(conversation, true)),
        failures: read.failures.map((failure) => toWireFailure(adapter, failure.error)),
      };
      await writeBack(userId, entry, startedUnder);
      return fresh(entry);
    } catch (error) {
      if (isRateLimited(error)) {
        return fallback(last, toWireFailure(adapter, error, { retryAfterMs: await throttle(error.retryAfterMs) }));
      }
      const failure = toWireFailure(adapter, error, { timedOut, timeoutMs: settings.vendorTimeoutMs });
      if (opensFailureWindow(failure, error)) {
        await store.set(
          failureKey,
          JSON.stringify({ until: now() + settings.failureWindowMs, failure }),
          settings.failureWindowMs,
        );
      }
      return fallback(last, failure);
    }
  }

  /** Reads under the store's lock; without it, waits for the holder's result, or reads once its lock would have expired. */
  async function readShared(userId: string, last: CachedRead | undefined, startedUnder: string): Promise<SourceResult> {
    const lock = lockKey(userId);
    for (let polls = 0; polls * POLL_MS < lockTtlMs; polls++) {
      const token = await store.acquireLock(lock, lockTtlMs);
      if (token !== undefined) {
        try {
          // Another instance may have read and released the lock since this one last looked.
          const entry = await cached(userId);
          if (isFresh(entry)) return fresh(entry);
          return await readVendor(userId, last, startedUnder);
        } finally {
          await store.releaseLock(lock, token);
        }
      }
      await delay(POLL_MS);
      const entry = await cached(userId);
      if (isFresh(entry)) return fresh(entry);
      const until = await throttleEnd();
      if (until > now())
        return fallback(entry ?? last, toWireFailure(adapter, undefined, { retryAfterMs: until - now() }));
      const failure = await openFailure(); // the holder found the vendor down: do not call it again
      if (failure) return fallback(entry ?? last, failure);
    }
    return readVendor(userId, last, startedUnder);
  }

  return {
    provider: adapter.provider,
    adapter,

    /**
     * The user's conversations: fresh from the cache, from one shared vendor read, or the last good data with a failure.
     * How it was served (hit, miss, coalesced, stale) is reported to the telemetry, on `request` when given.
     */
    async load(userId: string, request?: RequestTelemetry): Promise<SourceResult> {
      const served = (result: SourceResult, outcome: CacheOutcome): SourceResult => {
        settings.telemetry?.cache(adapter.provider, result.stale ? 'stale' : outcome, request);
        return result;
      };
      const entry = await cached(userId);
      if (isFresh(entry)) return served(fresh(entry), 'hit');
      const until = await throttleEnd();
      if (until > now())
        return served(fallback(entry, toWireFailure(adapter, undefined, { retryAfterMs: until - now() })), 'miss');
      const [failure, current] = await Promise.all([openFailure(), generation(userId)]);
      if (failure) return served(fallback(entry, failure), 'miss');
      let flight = inFlight.get(userId);
      const joined = flight?.generation === current;
      if (!joined) {
        const started = { generation: current, result: readShared(userId, entry, current) };
        void started.result.finally(() => inFlight.get(userId) === started && inFlight.delete(userId)).catch(() => {});
        inFlight.set(userId, (flight = started));
      }
      return served(await flight!.result, joined ? 'coalesced' : 'miss');
    },

    /**
     * Makes everything known of the user's inbox at this provider stale, for every instance sharing
     * the store: moves the user's generation (so a read started before now is never written back,
     * and no later request joins it), drops the cached read and frees the read lock. Call it after
     * the vendor's state changed (a conversation marked read, a webhook), then `load(userId)` reads anew.
     * Never rejects (a failing store is reported to `onError` and this process's own state is used).
     */
    async invalidate(userId: string): Promise<void> {
      inFlight.delete(userId);
      await store.set(generationKey(userId), globalThis.crypto.randomUUID(), Math.max(settings.staleTtlMs, lockTtlMs));
      await Promise.all([store.delete(readKey(userId)), store.delete(lockKey(userId))]);
    },

    /** How long the account stays throttled, in ms (0 when it is not). */
    async throttledForMs(): Promise<number> {
      return Math.max(0, (await throttleEnd()) - now());
    },

    /** Opens the account's throttle window after a 429 outside a read (marking read); resolves to its length. */
    throttle,
  };
}

/** One provider account's reads, as `createProviderSource` makes them. */
export type ProviderSource = ReturnType<typeof createProviderSource>;
