import { afterAll, vi } from 'vitest';

/**
 * The unit project shares one module graph per worker (`isolate: false`), so after each file
 * this puts back what a file may have changed for the next one: real timers, stubbed globals and
 * environment variables, spied-on methods.
 */
afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});
