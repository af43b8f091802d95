import type { TestProject } from 'vitest/node';
import { startRedisServer } from '../../scripts/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** Starts Debian's redis-server on a free port with no persistence, once per test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedisServer();
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
