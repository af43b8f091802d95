import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { ProviderSource, SourceResult } from '../../src/server/provider-source.js';
import { createSafeStore } from '../../src/server/safe-store.js';
import { createMemoryStore } from '../../src/server/store.js';
import type { SummaryChange } from '../../src/server/webhooks/changes.js';
import { createRefresher } from '../../src/server/webhooks/refresher.js';

let clock = 1_000_000;
const now = () => clock;
let version = 0;
/** Each read shows something new (one more failure), so every re-read is a change. */
const read = (): SourceResult => ({
  conversations: [],
  failures: Array.from({ length: ++version }, () => ({ code: 'timeout' })) as never,
  stale: false,
  at: clock + version,
});
const source = {
  provider: 'cometchat',
  adapter: { accountKey: 'acct' },
  invalidate: async () => {},
  load: async () => read(),
} as unknown as ProviderSource;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  clock = 1_000_000;
  version = 0;
});
afterEach(() => vi.useRealTimers());

function refresher() {
  const rereads: (number | undefined)[] = [];
  const changes: SummaryChange[] = [];
  const errors: Error[] = [];
  const made = createRefresher({
    store: createSafeStore(createMemoryStore({ now }), 500, () => {}, undefined, now),
    now,
    reconcileMs: 1_000,
    watchMs: 60_000,
    indexKeysOf: () => [],
    onError: (error) => errors.push(error),
    reread: (from, userId, receivedAt) => {
      rereads.push(receivedAt);
      return from.load(userId);
    },
  });
  made.onSummaryChange((change) => changes.push(change));
  made.watch(source, 'u1');
  return { made, rereads, changes, errors };
}

it("a burst of webhooks costs one re-read, which carries the burst's earliest receipt time into its change", async () => {
  const { made, rereads, changes, errors } = refresher();
  await made.observe(source, 'u1', read(), true); // what the user saw before
  await made.hint(source, ['u1'], [], clock - 200);
  await made.hint(source, ['u1'], [], clock - 500); // delivered late, received earlier
  await made.hint(source, ['u1'], [], clock - 100);
  await vi.advanceTimersByTimeAsync(60);
  await made.settled();
  expect(rereads).toEqual([clock - 500]);
  expect(changes).toHaveLength(1);
  expect(changes[0]!.receivedAt).toBe(clock - 500);
  expect(errors).toEqual([]);
  made.close();
});

it('a reconciliation re-read carries no receipt time, and neither does its change', async () => {
  const { made, rereads, changes } = refresher();
  await made.observe(source, 'u1', read(), true);
  clock += 1_500; // past reconcileMs since the last read
  await vi.advanceTimersByTimeAsync(300); // the reconciliation tick (every 250 ms), then the burst's wait
  await vi.advanceTimersByTimeAsync(60);
  await made.settled();
  expect(rereads).toEqual([undefined]);
  expect(changes).toHaveLength(1);
  expect('receivedAt' in changes[0]!).toBe(false);
  made.close();
});

it('a webhook joining a reconciliation already waiting gives the re-read its receipt time', async () => {
  const { made, rereads } = refresher();
  await made.observe(source, 'u1', read(), true);
  clock += 1_500;
  await vi.advanceTimersByTimeAsync(260); // the tick schedules the reconciliation's re-read (50 ms away)
  await made.hint(source, ['u1'], [], clock - 10);
  await vi.advanceTimersByTimeAsync(60);
  await made.settled();
  expect(rereads).toEqual([clock - 10]);
  made.close();
});
