import type { ChangeFeed } from './live/change-feed.js';
import { createMemoryChangeFeed } from './live/memory-change-feed.js';

/**
 * The state `createInboxHandler` shares between requests (and, with a shared store such as
 * Redis, between server instances): cached provider reads, cross-instance coalescing locks
 * and per-account throttle windows.
 *
 * Contract, written so that Redis can implement it one command per method:
 * - Every method is async. The handler treats a method that rejects or takes too long as
 *   "no shared state" and carries on per instance; a store never fails a request.
 * - Keys are strings the handler builds (see {@link storeKeys}); a store may add its own
 *   prefix (Redis: `keyPrefix`), the handler never relies on the stored key's spelling.
 * - Values are strings (JSON the handler serializes). A store never sees a vendor key,
 *   token or `onBehalfOf` header: the handler stores provider reads (with each conversation's
 *   vendor object, shown only by handlers with `includeRaw`), epoch numbers, failure windows and
 *   per-user generation tokens. The handler validates what it reads back: a value of the wrong
 *   shape is a cache miss.
 * - TTLs are positive integers of milliseconds (Redis `PX`); an expired entry reads as `undefined`.
 *
 * Throttle windows need no method of their own: the handler writes
 * `set(storeKeys.throttle(account), String(untilEpochMs), untilEpochMs - now)` and reads it back with `get`.
 */
export interface InboxStore {
  /** The value under `key`, or `undefined` when absent or expired (Redis `GET`). */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds, replacing any value (Redis `SET key value PX ttlMs`). */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Removes `key`; nothing happens when it is absent (Redis `DEL`). */
  delete(key: string): Promise<void>;
  /**
   * Takes a short lock named `key` for `ttlMs` unless someone holds it (Redis `SET key token NX PX ttlMs`).
   * Resolves to a token to release it with, or `undefined` when the lock is held elsewhere.
   */
  acquireLock(key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock if `token` still holds it (Redis: compare-and-delete in one script); otherwise does nothing. */
  releaseLock(key: string, token: string): Promise<void>;
  /** Frees the store's resources (connections, timers), when it has any. */
  close?(): Promise<void>;
  /**
   * Carries "this user's summary may have changed" to every instance sharing the store, for
   * `GET /events` (Redis: a stream read with one blocking connection per instance). Without one,
   * live updates reach the streams of the instance where the change happened only.
   */
  changeFeed?: ChangeFeed;
}

/** The keys the handler builds. `account` is a client's `accountKey`, never a secret. */
export const storeKeys = {
  /** A provider's last good read for one user: `{ at, conversations }` JSON, kept for `staleTtlMs`. */
  read: (account: string, user: string): string => `read:${account}:${user}`,
  /** The lock held while one instance reads a provider for one user. */
  readLock: (account: string, user: string): string => `lock:${account}:${user}`,
  /** The user's generation at a provider account: an opaque token replaced by every invalidation. */
  generation: (account: string, user: string): string => `generation:${account}:${user}`,
  /** After a vendor 5xx or timeout: `{ until, failure }` JSON, answered without a call until `until`. */
  failureWindow: (account: string): string => `failing:${account}`,
  /** Until when (epoch ms, as a decimal string) the vendor account is throttled. */
  throttle: (account: string): string => `throttle:${account}`,
};

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** At most this many entries (values and locks); the least recently used goes first. @default 10000 */
  maxEntries?: number;
  /** The clock, in epoch ms (tests pass a fake one). @default Date.now */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The default store: in this process only, bounded in size (least recently used entries are
 * dropped first), entries expire by their TTL. Its `changeFeed` is one of this process.
 * @throws {TypeError} when `maxEntries` is not a positive integer
 * @example
 * const handler = createInboxHandler({ ..., store: createMemoryStore({ maxEntries: 50_000 }) });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): InboxStore {
  const maxEntries = options.maxEntries ?? 10_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new TypeError(`createMemoryStore: maxEntries must be a positive integer, got ${String(maxEntries)}`);
  }
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let lockCounter = 0;

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    entries.delete(key);
    if (entry.expiresAt <= now()) return undefined;
    entries.set(key, entry); // most recently used last
    return entry;
  };
  const write = (key: string, value: string, ttlMs: number): void => {
    entries.delete(key);
    if (!(ttlMs > 0)) return;
    entries.set(key, { value, expiresAt: now() + ttlMs });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  return {
    changeFeed: createMemoryChangeFeed({ now }),
    async get(key) {
      return read(key)?.value;
    },
    async set(key, value, ttlMs) {
      write(key, value, ttlMs);
    },
    async delete(key) {
      entries.delete(key);
    },
    async acquireLock(key, ttlMs) {
      if (read(key)) return undefined;
      const token = `${now().toString(36)}.${(++lockCounter).toString(36)}`;
      write(key, token, ttlMs);
      return token;
    },
    async releaseLock(key, token) {
      if (read(key)?.value === token) entries.delete(key);
    },
  };
}
