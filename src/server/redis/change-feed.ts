import {
  checkPublish,
  isWebhookCause,
  parseStreamId,
  subscribeFrom,
  type ChangeEntry,
  type ChangeFeed,
  type ChangeNotice,
} from '../live/change-feed.js';
import { RedisStoreError, RedisStoreTimeoutError } from './errors.js';
import { withTimeLimit } from './with-time-limit.js';

/** The connection the feed blocks on (`XREAD BLOCK`): an ioredis `Redis` from `duplicate()`. */
export interface RedisFeedReader {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  disconnect(): void;
  on?(event: 'error', listener: (error: Error) => void): unknown;
}

/** What the feed needs of a Redis client: ioredis's `call`, and `duplicate` for its one blocking reader. */
export interface RedisFeedClient {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  duplicate(override?: Record<string, unknown>): RedisFeedReader;
}

/** Options of {@link createRedisChangeFeed}. */
export interface RedisChangeFeedOptions {
  /** The stream's key (share it between every instance of one site). @default 'conversations-client:changes' */
  key?: string;
  /** About this many changes are kept (`XADD … MAXLEN ~`): how far back a client can resume. @default 10000 */
  maxLen?: number;
  /** How long one `XREAD` blocks before it is sent again. @default 5000 */
  blockMs?: number;
  /** The time limit of every other command (`XADD`, `XRANGE`). @default 250 */
  commandTimeoutMs?: number;
  /** While Redis is unreachable, how often it is tried again (reader and publishers). @default 1000 */
  retryIntervalMs?: number;
  /** At most this many changes are replayed for one resume; a client further behind gets a fresh snapshot. @default 1000 */
  maxReplay?: number;
  /** Hears of the first failure of each outage (of the reader, and of publishing). Never of a secret. */
  onError?: (error: Error) => void;
}

/** One stream entry as Redis sends it: its id and its field/value list. */
export type RawEntry = [id: string, fields: string[]];

/**
 * An entry's fields: `u` (user key), `c` (change), and, for a change a webhook caused, `v` (its vendor) and
 * `w` (when it was received, epoch ms). Entries written before `v`/`w` existed parse as changes without a cause;
 * a malformed cause is dropped, never the change.
 */
const toEntry = ([id, fields]: RawEntry): ChangeEntry => {
  const entry: ChangeEntry = { id, userKey: '', change: '' };
  let vendor: string | undefined;
  let receivedAt: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === 'u') entry.userKey = String(fields[i + 1]);
    else if (fields[i] === 'c') entry.change = String(fields[i + 1]);
    else if (fields[i] === 'v') vendor = String(fields[i + 1]);
    else if (fields[i] === 'w') receivedAt = String(fields[i + 1]);
  }
  const webhook = { vendor, receivedAt: /^\d{1,16}$/.test(receivedAt ?? '') ? Number(receivedAt) : NaN };
  if (isWebhookCause(webhook)) entry.webhook = webhook;
  return entry;
};

/**
 * The entries of an `XREAD` reply of one stream, in each form a client may give it: RESP2
 * `[[key, entries]]`, RESP3 flattened by ioredis `[key, entries]`, or a map `{ key: entries }`.
 */
export function entriesOfXread(reply: unknown): RawEntry[] {
  if (reply === null || reply === undefined) return [];
  if (reply instanceof Map) return ([...reply.values()][0] as RawEntry[] | undefined) ?? [];
  if (!Array.isArray(reply)) return (Object.values(reply as object)[0] as RawEntry[] | undefined) ?? [];
  if (typeof reply[0] === 'string') return (reply[1] as RawEntry[] | undefined) ?? [];
  return (reply[0] as [string, RawEntry[]] | undefined)?.[1] ?? [];
}

const positive = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`createRedisChangeFeed: ${name} must be a positive integer, got ${String(value)}`);
  return value;
};

/**
 * The change feed across instances, on a Redis Stream: each change is `XADD key MAXLEN ~ maxLen * u
 * <userKey> c <change>` (then `v <vendor> w <receivedAt>` when a webhook caused it), and each instance
 * reads the stream with ONE blocking `XREAD` connection (`redis.duplicate()`), whatever the number of
 * subscribers; the entry id is the SSE `id:`, so a client resumes on any instance. Redis down: `publish`
 * resolves anyway and reaches this instance's subscribers only (a `local-…` id), the reader retries every
 * `retryIntervalMs` from the last id it read, and tells subscribers of a `gap` once it reads again
 * (changes of the outage may be lost).
 * The reader runs only while someone subscribes. The client you give stays yours to close.
 * @throws {TypeError} when `redis` has no `call`/`duplicate`; {RangeError} for a bad option, naming it
 * @example
 * import { Redis } from 'ioredis';
 * const redis = new Redis(process.env.REDIS_URL!);
 * const feed = createRedisChangeFeed(redis, { key: 'shop:inbox:changes' });
 */
export function createRedisChangeFeed(redis: RedisFeedClient, options: RedisChangeFeedOptions = {}): ChangeFeed {
  if (typeof redis?.call !== 'function' || typeof redis.duplicate !== 'function') {
    throw new TypeError('createRedisChangeFeed: redis must be an ioredis client (with call and duplicate)');
  }
  const key = options.key ?? 'conversations-client:changes';
  if (typeof key !== 'string' || key === '')
    throw new TypeError('createRedisChangeFeed: key must be a non-empty string');
  const maxLen = positive('maxLen', options.maxLen, 10_000);
  const blockMs = positive('blockMs', options.blockMs, 5_000);
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs, 250);
  const retryIntervalMs = positive('retryIntervalMs', options.retryIntervalMs, 1_000);
  const maxReplay = positive('maxReplay', options.maxReplay, 1_000);
  const report = (error: unknown, command: string) => {
    try {
      options.onError?.(
        error instanceof RedisStoreError ? error : new RedisStoreError(command, 'failed: Redis is unreachable', error),
      );
    } catch {
      // a failing logger must not stop the feed
    }
  };

  const listeners = new Set<(notice: ChangeNotice) => void>();
  const emit = (notice: ChangeNotice) => {
    for (const listener of [...listeners]) {
      try {
        listener(notice);
      } catch {
        // one subscriber's failure is its own
      }
    }
  };
  let closed = false;
  let localSeq = 0;
  /** While publishing fails: until when Redis is skipped (0 when up). */
  let publishDownUntil = 0;

  const command = (name: string, ...args: (string | number)[]) =>
    withTimeLimit(
      Promise.resolve().then(() => redis.call(name, ...args)),
      commandTimeoutMs,
      () => new RedisStoreTimeoutError(name, `did not answer within ${commandTimeoutMs} ms`),
    );

  // The one reader of this instance: started by the first subscriber, stopped by the last.
  let reader: RedisFeedReader | undefined;
  let readerRun = 0;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const newReader = () => {
    // Fail after one reconnection attempt, and never resend a blocked XREAD after a reconnect: the loop retries itself.
    const connection = redis.duplicate({ autoResendUnfulfilledCommands: false, maxRetriesPerRequest: 1 });
    connection.on?.('error', () => {});
    return connection;
  };

  async function readLoop(run: number): Promise<void> {
    let lastId: string | undefined;
    let failing = false;
    while (run === readerRun && !closed) {
      try {
        reader ??= newReader();
        if (lastId === undefined) lastId = (await newestId()) ?? '0-0';
        const reply = await withTimeLimit(
          reader.call('XREAD', 'COUNT', 500, 'BLOCK', blockMs, 'STREAMS', key, lastId),
          blockMs + Math.max(commandTimeoutMs * 4, 2_000),
          () => new RedisStoreTimeoutError('XREAD', 'did not answer after its block time'),
        );
        if (run !== readerRun) return;
        if (failing) {
          failing = false;
          emit({ type: 'gap' });
        }
        for (const raw of entriesOfXread(reply)) {
          lastId = raw[0];
          emit({ type: 'change', ...toEntry(raw) });
        }
      } catch (error) {
        if (run !== readerRun || closed) return;
        if (!failing) report(error, 'XREAD');
        failing = true;
        if (error instanceof RedisStoreTimeoutError) {
          reader?.disconnect(); // a half-open connection: start over with a new one
          reader = undefined;
        }
        await sleep(retryIntervalMs);
      }
    }
  }

  const startReader = () => void readLoop(++readerRun);
  const stopReader = () => {
    readerRun++;
    wake?.();
    reader?.disconnect();
    reader = undefined;
  };

  /** The id of the stream's newest entry, `undefined` when the stream is empty. */
  async function newestId(): Promise<string | undefined> {
    const reply = (await command('XREVRANGE', key, '+', '-', 'COUNT', 1)) as RawEntry[];
    return reply[0]?.[0];
  }

  const live = (listener: (notice: ChangeNotice) => void) => {
    listeners.add(listener);
    if (listeners.size === 1) startReader();
    return () => {
      if (listeners.delete(listener) && listeners.size === 0) stopReader();
    };
  };

  const feed: ChangeFeed = {
    async publish(userKey, change = '', webhook) {
      checkPublish('ChangeFeed.publish', userKey, change, webhook);
      const cause = webhook ? { vendor: webhook.vendor, receivedAt: Math.floor(webhook.receivedAt) } : undefined;
      if (!closed && Date.now() >= publishDownUntil) {
        try {
          const fields = cause ? ['v', cause.vendor, 'w', cause.receivedAt] : [];
          const id = (await command(
            'XADD',
            key,
            'MAXLEN',
            '~',
            maxLen,
            '*',
            'u',
            userKey,
            'c',
            change,
            ...fields,
          )) as string;
          publishDownUntil = 0;
          return id; // this instance's reader delivers it, as every other instance's does
        } catch (error) {
          if (publishDownUntil === 0) report(error, 'XADD');
          publishDownUntil = Date.now() + retryIntervalMs;
        }
      }
      // Redis unreachable: this instance's subscribers still hear of the change.
      const entry: ChangeEntry = { id: `local-${Date.now()}-${++localSeq}`, userKey, change };
      if (cause) entry.webhook = cause;
      queueMicrotask(() => emit({ type: 'change', ...entry }));
      return entry.id;
    },
    subscribe(listener, fromId) {
      if (closed) return () => {};
      return fromId === undefined ? live(listener) : subscribeFrom(feed, live, listener, fromId);
    },
    async replay(fromId) {
      let lastId: string;
      try {
        lastId = (await newestId()) ?? '0-0';
      } catch {
        return { entries: [], lastId: fromId ?? '0-0', complete: false };
      }
      if (fromId === undefined) return { entries: [], lastId, complete: true };
      if (!parseStreamId(fromId)) return { entries: [], lastId, complete: false };
      if (fromId === lastId) return { entries: [], lastId, complete: true };
      try {
        // From fromId itself: if it is no longer (or never was) in the stream, what followed it is unknown.
        const raw = (await command('XRANGE', key, fromId, '+', 'COUNT', maxReplay + 1)) as RawEntry[];
        if (raw[0]?.[0] !== fromId || raw.length > maxReplay) return { entries: [], lastId, complete: false };
        const entries = raw.slice(1).map(toEntry);
        return { entries, lastId: entries.at(-1)?.id ?? fromId, complete: true };
      } catch {
        return { entries: [], lastId, complete: false };
      }
    },
    async close() {
      closed = true;
      listeners.clear();
      stopReader();
    },
  };
  return feed;
}
