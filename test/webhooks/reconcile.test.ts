import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../../src/server/index.js';
import { CREDENTIALS, messageSent, webhookInstance } from './support/handler.js';
import { startVendors, type Vendors } from './support/vendors.js';

let vendors: Vendors;
beforeAll(async () => {
  vendors = await startVendors(['rita', 'sam', 'tom']);
});
afterAll(() => vendors.close());
afterEach(() => {
  vi.useRealTimers();
});

/** Moves the fake timers on by `ms`, then a little more for what the timers that fired scheduled (coalescing). */
async function pass(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(100);
}

describe('reconciliation (fake clock)', () => {
  it('a dropped webhook is repaired within reconcileMs while the user is watched, and never re-read more often', async () => {
    let clock = 1_800_000_000_000;
    const now = () => clock;
    // Timers are fake (the handler's reconciliation tick and coalescing); vendor I/O stays real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const hook = webhookInstance(vendors, 'redis://unused', {
      store: createMemoryStore({ now }),
      now,
      webhooks: { cometchat: CREDENTIALS.cometchat },
    });
    try {
      const changes: number[] = [];
      hook.handler.changes.onSummaryChange((change) => changes.push(change.unread));
      vendors.setUnread('rita', 'rita_user_sam', 1);
      expect((await hook.summary('rita')).byProvider.cometchat).toBe(1);
      const first = vendors.readsOf('cometchat:rita');

      // sam writes twice; both webhooks are lost. The page keeps polling (cache 5 min with webhooks on).
      vendors.setUnread('rita', 'rita_user_sam', 3);
      clock += 60_000;
      expect((await hook.summary('rita')).byProvider.cometchat).toBe(1); // still the cached read: no webhook came
      await pass(75_000);
      await hook.handler.changes.settled();
      expect(vendors.readsOf('cometchat:rita')).toBe(first); // not yet reconcileMs since the read

      clock += 240_000; // 5 min since the read
      await hook.summary('rita'); // keeps rita watched (the cache has expired too: the page sees 3 now or at the tick)
      await pass(31_000);
      await hook.handler.changes.settled();
      expect((await hook.summary('rita')).byProvider.cometchat).toBe(3);
      expect(vendors.readsOf('cometchat:rita') - first).toBe(1);
      expect(changes).toEqual([3]);

      // Nobody watches any more: no reconciliation after watchMs.
      clock += 20 * 60_000;
      const idle = vendors.readsOf('cometchat:rita');
      await pass(120_000);
      await hook.handler.changes.settled();
      expect(vendors.readsOf('cometchat:rita')).toBe(idle);
    } finally {
      hook.close();
    }
  });

  it('a live watcher (handler.changes.watch) is reconciled every reconcileMs without any page request', async () => {
    let clock = 1_900_000_000_000;
    const now = () => clock;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const hook = webhookInstance(vendors, 'redis://unused', {
      store: createMemoryStore({ now }),
      now,
      webhooks: { cometchat: CREDENTIALS.cometchat },
    });
    try {
      const heard: number[] = [];
      hook.handler.changes.onSummaryChange((change) => change.userId === 'tom' && heard.push(change.unread));
      vendors.setUnread('tom', 'sam_user_tom', 0);
      await hook.summary('tom');
      const stop = hook.handler.changes.watch({ cometchat: { uid: 'tom' } });
      const start = vendors.readsOf('cometchat:tom');
      for (let hour = 0; hour < 12; hour++) {
        vendors.setUnread('tom', 'sam_user_tom', hour + 1);
        clock += 300_000;
        await pass(30_000);
        await hook.handler.changes.settled();
      }
      expect(vendors.readsOf('cometchat:tom') - start).toBe(12);
      expect(heard).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      stop();
      clock += 30 * 60_000;
      const after = vendors.readsOf('cometchat:tom');
      await pass(60_000);
      await hook.handler.changes.settled();
      expect(vendors.readsOf('cometchat:tom')).toBe(after);
      // A webhook for an unwatched, uncached user costs nothing.
      await hook.cometchat(messageSent('sam', 'tom', '1'));
      await pass(1_000);
      await hook.handler.changes.settled();
      expect(vendors.readsOf('cometchat:tom')).toBe(after);
    } finally {
      hook.close();
    }
  });
});
