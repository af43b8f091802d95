import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../../scripts/redis-server.js';
import { shared } from './shared.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** Starts Debian's redis-server on a free port with no persistence, once per test run (shared by every project that lists it). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { instance: redis, release } = await shared(
    'redis',
    () => startRedisServer(),
    (started) => started.stop(),
  );
  project.provide('redisUrl', redis.url);
  return release;
}
