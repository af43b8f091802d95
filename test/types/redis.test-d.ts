import { createClient } from '@redis/client';
import { Cluster, Redis } from 'ioredis';
import { createInboxHandler, type InboxStore } from '../../src/server/index.js';
import { createRedisStore, fromNodeRedis, type RedisCommandClient } from 'conversations-client/redis';
import { describe, expectTypeOf, it } from 'vitest';

describe('createRedisStore takes the clients users have', () => {
  it('an ioredis Redis or Cluster as it is', () => {
    expectTypeOf<Redis>().toExtend<RedisCommandClient>();
    expectTypeOf<Cluster>().toExtend<RedisCommandClient>();
  });

  it('a node-redis client through fromNodeRedis', () => {
    expectTypeOf(fromNodeRedis(createClient())).toEqualTypeOf<RedisCommandClient>();
  });

  it('is the handler store', () => {
    const store = createRedisStore(new Redis({ lazyConnect: true }));
    expectTypeOf(store).toExtend<InboxStore>();
    expectTypeOf(createInboxHandler).parameter(0).toHaveProperty('store').toEqualTypeOf<InboxStore | undefined>();
    // @ts-expect-error a string is not a client
    createRedisStore('redis://localhost');
    // @ts-expect-error keyPrefix is a string
    createRedisStore(new Redis({ lazyConnect: true }), { keyPrefix: 1 });
  });
});
