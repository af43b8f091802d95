import {
  checkPublish,
  compareStreamIds,
  parseStreamId,
  subscribeFrom,
  type ChangeEntry,
  type ChangeFeed,
  type ChangeNotice,
} from './change-feed.js';

/** Options of {@link createMemoryChangeFeed}. */
export interface MemoryChangeFeedOptions {
  /** How many recent changes are kept for resuming (`Last-Event-ID`). @default 1000 */
  maxEntries?: number;
  /** The clock, in epoch ms: ids are `<start ms>-<n>`. @default Date.now */
  now?: () => number;
}

/**
 * The change feed of one process: listeners hear each change on the next microtask, and the last
 * `maxEntries` changes are kept for replay. Ids carry the feed's start time, so an id of an earlier
 * process (before a restart) reads as unknown (a `gap`), never as a position in this one.
 * @throws {RangeError} when `maxEntries` is not a positive integer
 * @example
 * const feed = createMemoryChangeFeed();
 * feed.subscribe((notice) => console.log(notice));
 * await feed.publish('user-1');
 */
export function createMemoryChangeFeed(options: MemoryChangeFeedOptions = {}): ChangeFeed {
  const maxEntries = options.maxEntries ?? 1_000;
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    throw new RangeError(`createMemoryChangeFeed: maxEntries must be a positive integer, got ${String(maxEntries)}`);
  const epoch = BigInt(Math.floor((options.now ?? Date.now)()));
  const entries: ChangeEntry[] = [];
  const listeners = new Set<(notice: ChangeNotice) => void>();
  let seq = 0n;
  let closed = false;

  const live = (listener: (notice: ChangeNotice) => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const feed: ChangeFeed = {
    async publish(userKey, change = '', webhook) {
      checkPublish('ChangeFeed.publish', userKey, change, webhook);
      const entry: ChangeEntry = { id: `${epoch}-${++seq}`, userKey, change };
      if (webhook) entry.webhook = { vendor: webhook.vendor, receivedAt: webhook.receivedAt };
      entries.push(entry);
      if (entries.length > maxEntries) entries.shift();
      for (const listener of [...listeners]) queueMicrotask(() => listener({ type: 'change', ...entry }));
      return entry.id;
    },
    subscribe(listener, fromId) {
      if (closed) return () => {};
      return fromId === undefined ? live(listener) : subscribeFrom(feed, live, listener, fromId);
    },
    async replay(fromId) {
      const lastId = `${epoch}-${seq}`;
      if (fromId === undefined) return { entries: [], lastId, complete: true };
      const id = parseStreamId(fromId);
      const oldest = seq - BigInt(entries.length); // the newest id no longer kept
      const known = id !== undefined && id[0] === epoch && id[1] >= oldest && compareStreamIds(id, [epoch, seq]) <= 0;
      if (!known) return { entries: [], lastId, complete: false };
      return {
        entries: entries.slice(Number(id[1] - oldest)),
        lastId: fromId === lastId ? fromId : lastId,
        complete: true,
      };
    },
    async close() {
      closed = true;
      listeners.clear();
    },
  };
  return feed;
}
