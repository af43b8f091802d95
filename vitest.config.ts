import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Four projects over the existing files (`npx vitest run --project unit`, `integration`, `e2e`, `package`):
 * - unit: no servers and no global setup (injected fetch, fake timers); `npm run test:unit`.
 * - e2e: Chromium, the built package, the spec tools, the whole-project type check.
 * - package: the packed package (packed once per run: consumer project, publint, attw); end to end as well.
 * - integration: everything else (Prism, Redis, loopback servers), so a new test file always runs.
 */
const UNIT = [
  'test/unit/**/*.test.ts',
  'test/inbox/html-to-text.test.ts',
  'test/inbox/inbox.unit.test.ts',
  'test/inbox/odd-vendor-data.test.ts',
  'test/resilience/cancellation.test.ts',
  'test/resilience/pagination.test.ts',
  'test/server/browser-guard.test.ts',
  'test/browser/inbox-client.test.ts',
  'test/redis/time-limit.test.ts',
  'test/spec/examples.test.ts',
  'test/inbox/summary-order.test.ts',
  'test/live/memory-change-feed.test.ts',
  'test/react/poll.test.ts',
  'test/tools/read-document.test.ts',
  'test/webhooks/spec-examples.test.ts',
  'test/mock/routes-by-path.test.ts',
  'test/mock/generated-data.test.ts',
];
const E2E = [
  'test/e2e/**/*.test.ts',
  'test/tools/**/*.test.ts',
  'test/browser/inbox.test.ts',
  'test/browser/stateful-inbox.test.ts',
  'test/server/dist-bundles.test.ts',
  'test/react/hooks.test.ts',
];
/** The packed package: its own project, so that only a run that includes these files packs it (test/setup/package.global.ts). */
const PACKAGE = ['test/package/**/*.test.ts'];
/** Prism and Redis, started once per run however many projects ask for them (test/setup/shared.ts). */
const SERVERS = ['test/setup/prism.global.ts', 'test/setup/redis.global.ts'];
/**
 * Hooks start servers, browsers and packages: on a loaded 2-core machine that takes far longer than it
 * does idle, so hooks get a deadline far above the work (a hang still fails, in 3 minutes).
 */
const SLOW = { hookTimeout: 180_000, teardownTimeout: 60_000 };

/**
 * Most files wait on sockets, servers and child processes rather than compute, so the unit and
 * integration files run three at a time; then the e2e and package files (Chromium pages and the spec
 * tools over the shared stateful mock, the packed package) one at a time, after the others are done.
 */
const PARALLEL = { maxWorkers: 3, sequence: { groupOrder: 0 } };
const SERIAL = { maxWorkers: 1, sequence: { groupOrder: 1 } };

export default defineConfig({
  resolve: {
    // Tests import the package by its name, as users do.
    alias: {
      'conversations-client/redis': fileURLToPath(new URL('./src/server/redis/index.ts', import.meta.url)),
      'conversations-client': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
    },
  },
  test: {
    testTimeout: 20_000,
    // Timeout and abort tests collect garbage while calls wait (lost aborts only show under GC).
    execArgv: ['--expose-gc'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          hookTimeout: 60_000,
          // One module graph per worker instead of one per file: most of the unit run was starting
          // workers and importing the same modules again (29 s → 11 s). Files still cannot leak
          // timers, stubbed globals or spies into the next one (test/setup/unit-file.ts).
          isolate: false,
          setupFiles: ['test/setup/unit-file.ts'],
          unstubGlobals: true,
          unstubEnvs: true,
          ...PARALLEL,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...E2E, ...PACKAGE],
          globalSetup: SERVERS,
          ...SLOW,
          testTimeout: 60_000,
          ...PARALLEL,
          isolate: false,
          setupFiles: ['test/setup/unit-file.ts'],
          unstubGlobals: true,
          unstubEnvs: true,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: E2E,
          exclude: UNIT,
          globalSetup: SERVERS,
          ...SLOW,
          testTimeout: 120_000,
          ...SERIAL,
          // One `tsc -p tsconfig.json` over src, test, scripts and bench: the type tests, and any type error anywhere fails the run.
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: 'tsconfig.json' },
        },
      },
      {
        extends: true,
        // Packed once per run from a clean clone (prepack builds it); the consumer project, publint and attw share the tarball.
        test: {
          name: 'package',
          include: PACKAGE,
          globalSetup: [...SERVERS, 'test/setup/package.global.ts'],
          ...SLOW,
          testTimeout: 300_000,
          ...SERIAL,
        },
      },
    ],
  },
});
