export { createRedisStore, type RedisCommandClient, type RedisStoreOptions } from './redis-store.js';
export {
  createRedisChangeFeed,
  type RedisChangeFeedOptions,
  type RedisFeedClient,
  type RedisFeedReader,
} from './change-feed.js';
export { fromNodeRedis, type NodeRedisClientLike } from './node-redis.js';
export { RedisStoreError, RedisStoreTimeoutError } from './errors.js';
export { VALUE_FORMAT_VERSION } from './value-envelope.js';
export type { InboxStore } from '../store.js';
