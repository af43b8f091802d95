import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

/** ioredis clients opened by a test file, all closed by `closeAll`. */
export function redisClients() {
  const open: Redis[] = [];
  return {
    /** A new client; its error events (Redis killed on purpose) are swallowed. */
    connect(url: string, options: RedisOptions = {}): Redis {
      const client = new Redis(url, options);
      client.on('error', () => {});
      open.push(client);
      return client;
    },
    closeAll(): void {
      for (const client of open.splice(0)) client.disconnect();
    },
  };
}

/** A key prefix no other test uses (test files share one Redis). */
export const uniquePrefix = (): string => `test:${randomUUID()}:`;

/** Resolves once `check` returns true; polls every 20 ms, gives up after `timeoutMs` (generous). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
