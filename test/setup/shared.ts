/**
 * One instance of a server per test run, however many vitest projects list its global setup:
 * global setups run in vitest's main process, so the instance lives on `globalThis`, counted by
 * its users, and stops when the last project's teardown runs.
 */
interface Shared<T> {
  instance: Promise<T>;
  users: number;
}

const registry = ((
  globalThis as { __conversationsClientTestServers?: Map<string, Shared<unknown>> }
).__conversationsClientTestServers ??= new Map());

/**
 * Starts the server `key` on first use (later calls share it); returns it with a teardown that
 * stops it after its last user is done.
 * @throws what `start` throws (the next caller tries again)
 */
export async function shared<T>(
  key: string,
  start: () => Promise<T>,
  stop: (instance: T) => Promise<void>,
): Promise<{ instance: T; release: () => Promise<void> }> {
  let entry = registry.get(key) as Shared<T> | undefined;
  if (entry === undefined) {
    entry = { instance: start(), users: 0 };
    registry.set(key, entry);
    entry.instance.catch(() => registry.delete(key));
  }
  entry.users++;
  const current = entry;
  const instance = await current.instance;
  let released = false;
  return {
    instance,
    release: async () => {
      if (released) return;
      released = true;
      if (--current.users > 0) return;
      registry.delete(key);
      await stop(instance);
    },
  };
}
