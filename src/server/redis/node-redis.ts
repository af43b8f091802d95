import type { RedisCommandClient } from './redis-store.js';

/** The one method of a node-redis (`redis` package, v4 or later) client the adapter uses. */
export interface NodeRedisClientLike {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * Adapts a node-redis client (`redis` package, v4 or later) to {@link createRedisStore},
 * which speaks ioredis's `call(command, ...args)`.
 * @example
 * import { createClient } from 'redis';
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * const store = createRedisStore(fromNodeRedis(redis));
 */
export function fromNodeRedis(client: NodeRedisClientLike): RedisCommandClient {
  if (typeof client?.sendCommand !== 'function') {
    throw new TypeError('fromNodeRedis: client must be a node-redis client (with sendCommand)');
  }
  return { call: (command, ...args) => client.sendCommand([command, ...args.map(String)]) };
}
