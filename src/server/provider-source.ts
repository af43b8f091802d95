import type { ProviderAdapter } from './providers.js';
import type { SafeStore } from './safe-store.js';
import { storeKeys } from './store.js';
import { isRateLimited, toStoredConversation, toWireFailure, type StoredConversation, type WireFailure } from './wire.js';

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
  includeRaw: boolean;
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

/** What the store holds per provider, account and user. */
interface CachedRead {
  at: number;
  conversations: StoredConversation[];
  failures: WireFailure[];
}

/** The longest throttle window honoured, whatever a vendor asks. */
const MAX_THROTTLE_MS = 3_600_000;
/** How often a request waiting on another instance's read looks at the cache. */
const POLL_MS = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One provider account's reads for the handler: cached for `cacheTtlMs`, coalesced per user
 * (in this process with a Map of in-flight reads, across instances with the store's lock),
 * and never sent while the account is throttled; the last good read is served meanwhile.
 */
export function createProviderSource(adapter: ProviderAdapter, settings: SourceSettings) {
  const { store, now } = settings;
  const inFlight = new Map<string, Promise<SourceResult>>();
  let throttledUntil = 0; // this process's own knowledge, kept when the store fails
  const throttleKey = storeKeys.throttle(adapter.accountKey);
  const readKey = (userId: string) => storeKeys.read(adapter.accountKey, encodeURIComponent(userId));
  const lockTtlMs = settings.vendorTimeoutMs + 1_000;

  async function cached(userId: string): Promise<CachedRead | undefined> {
    const text = await store.get(readKey(userId));
    if (text === undefined) return undefined;
    try {
      const entry = JSON.parse(text) as CachedRead;
      return typeof entry?.at === 'number' && Array.isArray(entry.conversations) && now() - entry.at < settings.staleTtlMs ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  const isFresh = (entry: CachedRead | undefined): entry is CachedRead => entry !== undefined && now() - entry.at < settings.cacheTtlMs;
  const fresh = (entry: CachedRead): SourceResult => ({ ...entry, stale: false });
  const fallback = (entry: CachedRead | undefined, failure: WireFailure): SourceResult =>
    entry ? { conversations: entry.conversations, failures: [failure], stale: true, at: entry.at } : { conversations: [], failures: [failure], stale: false, at: undefined };

  /** Epoch ms until which the account is throttled (0 when it is not). */
  async function throttleEnd(): Promise<number> {
    const shared = Number((await store.get(throttleKey)) ?? 0);
    return Math.max(throttledUntil, Number.isFinite(shared) ? shared : 0);
  }

  async function throttle(retryAfterMs: number | undefined): Promise<number> {
    const waitMs = Math.ceil(Math.min(Math.max(retryAfterMs ?? settings.defaultRetryAfterMs, 0), MAX_THROTTLE_MS));
    const until = now() + waitMs;
    throttledUntil = Math.max(throttledUntil, until);
    if (waitMs > 0) await store.set(throttleKey, String(until), waitMs);
    return waitMs;
  }

  async function readVendor(userId: string, last: CachedRead | undefined): Promise<SourceResult> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new Error('vendor read deadline')), settings.vendorTimeoutMs);
    try {
      // Never sleep through a Retry-After here, whatever the client's retry settings.
      const read = await adapter.read(userId, { maxRetries: 0, timeoutMs: settings.vendorTimeoutMs, signal: deadline.signal });
      const entry: CachedRead = {
        at: now(),
        conversations: read.conversations.map((conversation) => toStoredConversation(conversation, settings.includeRaw)),
        failures: read.failures.map((failure) => toWireFailure(adapter.provider, failure.error)),
      };
      await store.set(readKey(userId), JSON.stringify(entry), settings.staleTtlMs);
      return fresh(entry);
    } catch (error) {
      if (isRateLimited(error)) {
        return fallback(last, toWireFailure(adapter.provider, error, { retryAfterMs: await throttle(error.retryAfterMs) }));
      }
      const timedOut = deadline.signal.aborted;
      return fallback(last, toWireFailure(adapter.provider, error, { timedOut, timeoutMs: settings.vendorTimeoutMs }));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads under the store's lock; without it, waits for the holder's result, or reads once its lock would have expired. */
  async function readShared(userId: string, last: CachedRead | undefined): Promise<SourceResult> {
    const lockKey = storeKeys.readLock(adapter.accountKey, encodeURIComponent(userId));
    for (let polls = 0; polls * POLL_MS < lockTtlMs; polls++) {
      const token = await store.acquireLock(lockKey, lockTtlMs);
      if (token !== undefined) {
        try {
          // Another instance may have read and released the lock since this one last looked.
          const entry = await cached(userId);
          if (isFresh(entry)) return fresh(entry);
          return await readVendor(userId, last);
        } finally {
          await store.releaseLock(lockKey, token);
        }
      }
      await sleep(POLL_MS);
      const entry = await cached(userId);
      if (isFresh(entry)) return fresh(entry);
      const until = await throttleEnd();
      if (until > now()) return fallback(entry ?? last, toWireFailure(adapter.provider, undefined, { retryAfterMs: until - now() }));
    }
    return readVendor(userId, last);
  }

  return {
    provider: adapter.provider,
    adapter,

    /** The user's conversations: fresh from the cache, from one shared vendor read, or the last good data with a failure. */
    async load(userId: string): Promise<SourceResult> {
      const entry = await cached(userId);
      if (isFresh(entry)) return fresh(entry);
      const until = await throttleEnd();
      if (until > now()) return fallback(entry, toWireFailure(adapter.provider, undefined, { retryAfterMs: until - now() }));
      let flight = inFlight.get(userId);
      if (!flight) {
        flight = readShared(userId, entry).finally(() => inFlight.delete(userId));
        inFlight.set(userId, flight);
      }
      return flight;
    },

    /** Drops the user's cached read (after marking a conversation read). */
    invalidate: (userId: string) => store.delete(readKey(userId)),

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
