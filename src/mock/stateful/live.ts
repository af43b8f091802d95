import { createRandom, seedFor, type Random } from './random.js';

/** When the `live` scenario's next message arrives. Advanced lazily from the clock: no timers. */
export interface LiveFeed {
  nextAt: number;
  random: Random;
}

/** Milliseconds between two live messages: a new message every few seconds. */
export const LIVE_INTERVAL_MS = { min: 2_000, max: 5_000 } as const;

/** At most this many messages are delivered at once (after the clock jumped ahead). */
const MAX_CATCH_UP = 200;

export function createLiveFeed(seed: number, label: string, start: number): LiveFeed {
  const random = createRandom(seedFor(seed, 'live', label));
  return { nextAt: start + random.int(LIVE_INTERVAL_MS.min, LIVE_INTERVAL_MS.max), random };
}

/** Delivers every message due by `now`, each at its own time, in order. */
export function advanceLive(feed: LiveFeed, now: number, deliver: (at: number, random: Random) => void): void {
  for (let delivered = 0; feed.nextAt <= now; delivered++) {
    if (delivered === MAX_CATCH_UP) {
      feed.nextAt = now + feed.random.int(LIVE_INTERVAL_MS.min, LIVE_INTERVAL_MS.max);
      return;
    }
    deliver(feed.nextAt, feed.random);
    feed.nextAt += feed.random.int(LIVE_INTERVAL_MS.min, LIVE_INTERVAL_MS.max);
  }
}
