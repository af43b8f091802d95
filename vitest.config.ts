import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests import the package by its name, as users do.
    alias: {
      'conversations-client/redis': fileURLToPath(new URL('./src/server/redis/index.ts', import.meta.url)),
      'conversations-client': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    globalSetup: ['test/setup/prism.global.ts', 'test/setup/redis.global.ts'],
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
    testTimeout: 20_000,
    // Timeout and abort tests collect garbage while calls wait (lost aborts only show under GC).
    execArgv: ['--expose-gc'],
  },
});
