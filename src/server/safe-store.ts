import type { InboxStore } from './store.js';

/** A store whose methods never reject: a failure or a slow answer reads as "nothing shared". */
export interface SafeStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** A token, `undefined` when another holder has the lock, or `''` when the store failed (carry on alone). */
  acquireLock(key: string, ttlMs: number): Promise<string | undefined>;
  releaseLock(key: string, token: string): Promise<void>;
}

/** Thrown into `onError` when a store call takes longer than the handler waits. */
export class StoreTimeoutError extends Error {
  override name = 'StoreTimeoutError';
}

/**
 * Wraps `store` so that a call which rejects or outlasts `timeoutMs` resolves to the
 * no-shared-state answer, or to `local`'s (this process's own store, so an outage of a shared
 * store keeps per-instance caching); `onError` hears of the first failure of each outage only
 * (the next success ends the outage).
 */
export function createSafeStore(store: InboxStore, timeoutMs: number, onError: (error: Error) => void, local?: InboxStore): SafeStore {
  let failing = false;

  async function call<T>(operation: string, run: () => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreTimeoutError(`store.${operation} took longer than ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const result = await Promise.race([run(), timeout]);
      failing = false;
      return result;
    } catch (error) {
      if (!failing) {
        failing = true;
        onError(error instanceof Error ? error : new Error(`store.${operation} failed: ${String(error)}`));
      }
      return fallback();
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    get: (key) => call('get', async () => (await store.get(key)) ?? undefined, async () => (await local?.get(key)) ?? undefined),
    set: (key, value, ttlMs) => call('set', () => store.set(key, value, ttlMs), async () => local?.set(key, value, ttlMs)),
    delete: (key) => call('delete', () => store.delete(key), async () => local?.delete(key)),
    // Without the shared lock, the handler's in-process coalescing is the per-instance behaviour.
    acquireLock: (key, ttlMs) => call('acquireLock', () => store.acquireLock(key, ttlMs), () => ''),
    releaseLock: (key, token) => (token === '' ? Promise.resolve() : call('releaseLock', () => store.releaseLock(key, token), () => undefined)),
  };
}
