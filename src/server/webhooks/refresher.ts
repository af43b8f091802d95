import type { ProviderSource, SourceResult } from '../provider-source.js';
import type { SafeStore } from '../safe-store.js';
import { summarySignature, toSummaryChange, type SummaryChangeListener } from './changes.js';

/** What the refresher needs of the handler. */
export interface RefresherSettings {
  store: SafeStore;
  now: () => number;
  /** A watched user is re-read at least this often. */
  reconcileMs: number;
  /** How long a summary request keeps its user watched. */
  watchMs: number;
  /** The index keys (CometChat group guids, CommBox object ids) of a user's read. */
  indexKeysOf: (source: ProviderSource, result: SourceResult) => string[];
  onError: (error: Error) => void;
  /**
   * How a user is re-read; `receivedAt` is when the webhook that caused it was received (epoch ms), none
   * for a reconciliation. The live side's `reread` announces the change with it. @default `source.load(userId)`
   */
  reread?: (source: ProviderSource, userId: string, receivedAt: number | undefined) => Promise<SourceResult>;
}

/** One user's re-read waiting for the rest of its burst. */
interface Pending {
  run: Promise<void>;
  /** The earliest receipt time of the burst's webhooks (epoch ms); none while only a reconciliation asked. */
  receivedAt: number | undefined;
}

interface Entry {
  source: ProviderSource;
  userId: string;
  watchedUntil: number;
  /** Live watchers (a push connection): watched while above 0. */
  live: number;
  lastReadAt: number | undefined;
  /** When the last reconciliation was started (one at a time, even while the vendor is slow). */
  reconciledAt: number;
  signature: string | undefined;
  indexedAt: number | undefined;
  sharedWatchUntil: number;
}

/** How long re-reads of one user wait for more hints of the same burst. */
const COALESCE_MS = 50;
/** At most this many users are remembered per process (the least recently seen unwatched go first). */
const MAX_ENTRIES = 100_000;
/** At most this many readers are indexed per group or conversation. */
const MAX_INDEXED = 500;

const keyOf = (provider: string, userId: string) => `${provider}\u0000${userId}`;
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Turns hints into re-reads: invalidates the affected users' cached reads, and re-reads (once per burst,
 * through the source's own lock and throttle) only the users someone watches; reconciles every watched
 * user at least every `reconcileMs`; tells listeners when a re-read changed what a user sees.
 */
export function createRefresher(settings: RefresherSettings) {
  const { store, now } = settings;
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Pending>();
  const reread = settings.reread ?? ((source: ProviderSource, userId: string) => source.load(userId));
  const listeners = new Set<SummaryChangeListener>();
  const work = new Set<Promise<unknown>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tickMs = Math.max(250, Math.min(30_000, Math.floor(settings.reconcileMs / 4)));

  const track = <T>(promise: Promise<T>): Promise<T> => {
    work.add(promise);
    void promise.finally(() => work.delete(promise)).catch(() => undefined);
    return promise;
  };
  const watchKey = (source: ProviderSource, userId: string) =>
    `watch:${source.adapter.accountKey}:${encodeURIComponent(userId)}`;
  const indexKey = (source: ProviderSource, key: string) =>
    `hint-index:${source.adapter.accountKey}:${encodeURIComponent(key)}`;

  function entryOf(source: ProviderSource, userId: string): Entry {
    const key = keyOf(source.provider, userId);
    let entry = entries.get(key);
    if (!entry) {
      entry = {
        source,
        userId,
        watchedUntil: 0,
        live: 0,
        lastReadAt: undefined,
        reconciledAt: 0,
        signature: undefined,
        indexedAt: undefined,
        sharedWatchUntil: 0,
      };
      entries.set(key, entry);
      if (entries.size > MAX_ENTRIES) {
        for (const [other, candidate] of entries) {
          if (entries.size <= MAX_ENTRIES) break;
          if (!isWatched(candidate)) entries.delete(other);
        }
      }
    }
    return entry;
  }

  const isWatched = (entry: Entry) => entry.live > 0 || entry.watchedUntil > now();

  function emit(entry: Entry, result: SourceResult, receivedAt: number | undefined): void {
    const change = toSummaryChange(entry.source.provider, entry.userId, result, receivedAt);
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        settings.onError(asError(error));
      }
    }
  }

  async function index(entry: Entry, result: SourceResult): Promise<void> {
    if (result.at === undefined || result.at === entry.indexedAt) return;
    entry.indexedAt = result.at;
    for (const key of settings.indexKeysOf(entry.source, result)) {
      const storeKey = indexKey(entry.source, key);
      const readers = parseList(await store.get(storeKey));
      if (readers.includes(entry.userId)) continue;
      await store.set(
        storeKey,
        JSON.stringify([entry.userId, ...readers].slice(0, MAX_INDEXED)),
        settings.reconcileMs * 12,
      );
    }
  }

  /**
   * Records a read of the user (a visitor's, or a re-read): its time, its group index, and a change when there
   * was one (carrying `receivedAt`, when a webhook's re-read made it).
   */
  function observe(
    source: ProviderSource,
    userId: string,
    result: SourceResult,
    visitor: boolean,
    receivedAt?: number,
  ): Promise<void> {
    const entry = entryOf(source, userId);
    if (visitor) {
      entry.watchedUntil = now() + settings.watchMs;
      ensureTimer();
    }
    if (
      result.at !== undefined &&
      result.at !== entry.lastReadAt &&
      (entry.lastReadAt === undefined || result.at > entry.lastReadAt)
    ) {
      entry.lastReadAt = result.at;
      const signature = summarySignature(result);
      if (entry.signature !== undefined && signature !== entry.signature) emit(entry, result, receivedAt);
      entry.signature = signature;
    }
    const shared =
      visitor && entry.sharedWatchUntil - now() < settings.watchMs / 2
        ? store.set(watchKey(source, userId), '1', settings.watchMs).then(() => {
            entry.sharedWatchUntil = now() + settings.watchMs;
          })
        : Promise.resolve();
    return track(
      Promise.all([shared, index(entry, result)]).then(
        () => undefined,
        (error) => settings.onError(asError(error)),
      ),
    );
  }

  /**
   * Re-reads one user once for a burst of hints; the read goes through the source's cache, lock and throttle.
   * `receivedAt`: when the webhook asking was received (none for a reconciliation); the burst keeps the earliest.
   */
  function schedule(source: ProviderSource, userId: string, receivedAt?: number): Promise<void> {
    const key = keyOf(source.provider, userId);
    const existing = pending.get(key);
    if (existing) {
      if (receivedAt !== undefined) existing.receivedAt = Math.min(existing.receivedAt ?? receivedAt, receivedAt);
      return existing.run;
    }
    const burst: Pending = { run: undefined as unknown as Promise<void>, receivedAt };
    burst.run = new Promise<void>((resolve) => setTimeout(resolve, COALESCE_MS))
      .then(() => {
        pending.delete(key);
        return reread(source, userId, burst.receivedAt);
      })
      .then((result) => observe(source, userId, result, false, burst.receivedAt))
      .catch((error) => settings.onError(asError(error)));
    pending.set(key, burst);
    return track(burst.run);
  }

  async function watchedAnywhere(source: ProviderSource, userId: string): Promise<boolean> {
    const entry = entries.get(keyOf(source.provider, userId));
    if (entry && isWatched(entry)) return true;
    return (await store.get(watchKey(source, userId))) !== undefined;
  }

  /**
   * Marks the users' reads stale (all instances: the store), and re-reads those someone watches; `reads` settles
   * after the re-reads. `receivedAt`: when the webhook was received (epoch ms), carried to the changes it causes.
   */
  async function hint(
    source: ProviderSource,
    userIds: readonly string[],
    indexKeys: readonly string[],
    receivedAt?: number,
  ): Promise<{ users: string[]; reads: Promise<void> }> {
    const users = new Set(userIds);
    for (const key of indexKeys)
      for (const reader of parseList(await store.get(indexKey(source, key)))) users.add(reader);
    const reads: Promise<void>[] = [];
    for (const userId of users) {
      await source.invalidate(userId);
      if (await watchedAnywhere(source, userId)) reads.push(schedule(source, userId, receivedAt));
    }
    return { users: [...users], reads: Promise.all(reads).then(() => undefined) };
  }

  function ensureTimer(): void {
    if (timer !== undefined) return;
    timer = setTimeout(tick, tickMs);
    (timer as { unref?: () => void }).unref?.();
  }

  function tick(): void {
    timer = undefined;
    let watched = 0;
    for (const [key, entry] of entries) {
      if (!isWatched(entry)) {
        if (entry.lastReadAt === undefined || now() - entry.lastReadAt > settings.reconcileMs * 12) entries.delete(key);
        continue;
      }
      watched++;
      if (now() - Math.max(entry.lastReadAt ?? 0, entry.reconciledAt) >= settings.reconcileMs) {
        entry.reconciledAt = now();
        track(
          Promise.resolve(entry.source.invalidate(entry.userId))
            .then(() => schedule(entry.source, entry.userId))
            .catch((error) => settings.onError(asError(error))),
        );
      }
    }
    if (watched > 0) ensureTimer();
  }

  return {
    observe,
    hint,
    /** Adds a change listener; returns a function that removes it. */
    onSummaryChange(listener: SummaryChangeListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Keeps a user watched (a live connection) until the returned function is called. */
    watch(source: ProviderSource, userId: string): () => void {
      const entry = entryOf(source, userId);
      entry.live++;
      ensureTimer();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        entry.live--;
      };
    },
    /** Resolves once every hint, re-read and index write started so far has finished. */
    async settled(): Promise<void> {
      while (work.size > 0) await Promise.allSettled([...work]);
    },
    track,
    /** Stops the reconciliation timer. */
    close(): void {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      entries.clear();
    },
  };
}

function parseList(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}

/** The refresher a handler keeps. */
export type Refresher = ReturnType<typeof createRefresher>;
