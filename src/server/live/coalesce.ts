/**
 * Runs at most one `task` per key at a time; a request that arrives while the key's task runs is
 * folded into exactly one more run after it (a burst of N requests costs at most two runs, and the
 * last run starts after the last request). Errors of a task are the task's own concern.
 */
export function createCoalescer<K>(): { run(key: K, task: () => Promise<void>): void; readonly size: number } {
  /** Per running key: whether another run is due when it ends. */
  const running = new Map<K, { again: boolean; task: () => Promise<void> }>();
  const start = (key: K, task: () => Promise<void>) => {
    const state = { again: false, task };
    running.set(key, state);
    void task()
      .catch(() => {})
      .finally(() => {
        running.delete(key);
        if (state.again) start(key, state.task);
      });
  };
  return {
    run(key, task) {
      const state = running.get(key);
      if (state) {
        state.again = true;
        state.task = task;
      } else start(key, task);
    },
    get size() {
      return running.size;
    },
  };
}
