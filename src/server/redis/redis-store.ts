import type { InboxStore } from '../store.js';
import { createRedisChangeFeed, type RedisChangeFeedOptions, type RedisFeedClient } from './change-feed.js';
import { RedisStoreError, RedisStoreTimeoutError } from './errors.js';
import { unwrapValue, wrapValue } from './value-envelope.js';
import { withTimeLimit } from './with-time-limit.js';

/**
 * The one method of a Redis client the store uses: ioredis's `call(command, ...args)`.
 * An ioredis `Redis` (or `Cluster`) instance is one; wrap a node-redis client with `fromNodeRedis`.
 */
export interface RedisCommandClient {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
}

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Prepended to every key, to share one Redis between apps or environments. @default 'conversations-client:' */
  keyPrefix?: string;
  /**
   * Each Redis command's own time limit, whatever the client's settings (a default ioredis
   * client queues commands for seconds while Redis is down). @default 250
   */
  commandTimeoutMs?: number;
  /**
   * Once a command times out or the connection fails, every command rejects at once; every
   * `retryIntervalMs` one command is let through to try Redis again, and its success ends the
   * outage: an outage costs requests almost nothing, and sharing resumes by itself. @default 1000
   */
  retryIntervalMs?: number;
  /**
   * The change feed of `GET /events` (a Redis Stream under `keyPrefix + 'changes'`, read with one
   * `duplicate()` connection per instance), made when the client has `duplicate` (ioredis); `false`
   * for none (live updates then stay within each instance). @default {}
   */
  changeFeed?: Omit<RedisChangeFeedOptions, 'key'> | false;
}

/** Compare-and-delete: releases a lock only while `token` still holds it. */
const RELEASE_LOCK =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Errors Redis itself answered (ioredis `ReplyError`; node-redis `ErrorReply` and its subclasses, named only by class): Redis is up. */
const REPLY_ERRORS = /^(ReplyError|ErrorReply|SimpleError|BlobError)$/;
const isReplyError = (error: unknown): boolean =>
  error instanceof Error && (REPLY_ERRORS.test(error.name) || REPLY_ERRORS.test(error.constructor.name));

/**
 * The inbox handler's store on Redis, shared by every server instance that uses the same
 * Redis and `keyPrefix`: one cache of provider reads (Redis expiry), one lock per user read
 * (`SET NX PX`), one throttle window per vendor account. Values are versioned (a value of
 * another format version reads as absent); vendor keys and tokens are never stored (the
 * handler stores provider reads and epoch numbers only). Every command has its own time limit;
 * while Redis is unreachable every method rejects fast with a {@link RedisStoreError} and the
 * handler carries on per instance. With an ioredis client (it has `duplicate`), the store also has a
 * `changeFeed` for `GET /events` across instances. The store does not own the client: closing it is yours.
 * @throws {TypeError} when `redis` has no `call` method, or `keyPrefix` is not a string
 * @throws {RangeError} when `commandTimeoutMs` or `retryIntervalMs` is not a positive number
 * @example
 * import { Redis } from 'ioredis';
 * const store = createRedisStore(new Redis(process.env.REDIS_URL!), { keyPrefix: 'shop:inbox:' });
 * const handler = createInboxHandler({ ..., store });
 */
export function createRedisStore(redis: RedisCommandClient, options: RedisStoreOptions = {}): InboxStore {
  if (typeof redis?.call !== 'function') {
    throw new TypeError(
      'createRedisStore: redis must be an ioredis client (or a node-redis client wrapped with fromNodeRedis)',
    );
  }
  const keyPrefix = options.keyPrefix ?? 'conversations-client:';
  if (typeof keyPrefix !== 'string') throw new TypeError('createRedisStore: keyPrefix must be a string');
  const commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs ?? 250);
  const retryIntervalMs = positive('retryIntervalMs', options.retryIntervalMs ?? 1_000);
  // Outage state: while Redis is down, commands reject at once; every retryIntervalMs one
  // command (the probe) is let through, and its success ends the outage.
  let downUntil = 0;
  let probing = false;

  const run = async (command: string, ...args: (string | number)[]): Promise<unknown> => {
    const isProbe = downUntil > 0;
    if (isProbe && (probing || Date.now() < downUntil))
      throw new RedisStoreError(command, 'skipped: Redis was unreachable moments ago');
    if (isProbe) probing = true;
    try {
      const reply = await withTimeLimit(
        Promise.resolve().then(() => redis.call(command, ...args)),
        commandTimeoutMs,
        () => new RedisStoreTimeoutError(command, `did not answer within ${commandTimeoutMs} ms`),
      );
      downUntil = 0;
      return reply;
    } catch (error) {
      if (isReplyError(error)) {
        downUntil = 0; // Redis answered: it is up
        throw new RedisStoreError(command, 'failed', error, 'reply');
      }
      downUntil = Date.now() + retryIntervalMs;
      throw error instanceof RedisStoreTimeoutError
        ? error
        : new RedisStoreError(command, 'failed: Redis is unreachable', error);
    } finally {
      if (isProbe) probing = false;
    }
  };
  const px = (ttlMs: number) => Math.max(1, Math.ceil(ttlMs));
  const feedOptions = options.changeFeed ?? {};
  const changeFeed =
    feedOptions !== false && typeof (redis as Partial<RedisFeedClient>).duplicate === 'function'
      ? createRedisChangeFeed(redis as RedisFeedClient, {
          commandTimeoutMs: Math.ceil(commandTimeoutMs),
          retryIntervalMs: Math.ceil(retryIntervalMs),
          ...feedOptions,
          key: `${keyPrefix}changes`,
        })
      : undefined;

  return {
    ...(changeFeed ? { changeFeed } : {}),
    async get(key) {
      return unwrapValue(await run('GET', keyPrefix + key));
    },
    async set(key, value, ttlMs) {
      if (ttlMs > 0) await run('SET', keyPrefix + key, wrapValue(value), 'PX', px(ttlMs));
      else await run('DEL', keyPrefix + key);
    },
    async delete(key) {
      await run('DEL', keyPrefix + key);
    },
    async acquireLock(key, ttlMs) {
      const token = globalThis.crypto.randomUUID();
      try {
        const reply = await run('SET', keyPrefix + key, token, 'NX', 'PX', px(ttlMs));
        return reply === 'OK' ? token : undefined;
      } catch (error) {
        // The SET may still run later (a paused Redis, a client's offline queue): the release sent
        // now runs after it on the same connection, so the lock it would take is nobody's for long.
        if (error instanceof RedisStoreTimeoutError)
          void Promise.resolve()
            .then(() => redis.call('EVAL', RELEASE_LOCK, 1, keyPrefix + key, token))
            .catch(() => {});
        throw error;
      }
    },
    async releaseLock(key, token) {
      await run('EVAL', RELEASE_LOCK, 1, keyPrefix + key, token);
    },
  };
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`createRedisStore: ${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
