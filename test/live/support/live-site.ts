import type { ChangeFeed } from '../../../src/server/live/change-feed.js';
import {
  createLiveEvents,
  type LiveEvents,
  type LiveEventsOptions,
  type SummaryEventData,
} from '../../../src/server/live/live-events.js';
import { createMemoryChangeFeed } from '../../../src/server/live/memory-change-feed.js';

/** A summary whose total is `total` (one CometChat conversation carrying it). */
export function summaryWith(total: number): SummaryEventData {
  return {
    total,
    byProvider: { commbox: 0, cometchat: total },
    conversations: [
      {
        provider: 'cometchat',
        id: 'c1',
        title: 'Captain America',
        unread: total,
        updatedAt: '2026-03-02T09:12:00.000Z',
      },
    ],
    failures: [],
    stale: false,
    asOf: '2026-03-02T09:12:30.000Z',
  };
}

/**
 * A site serving `GET /api/inbox/events` with the live modules, as the handler will once wired:
 * the visitor comes from the `x-user` header or a `user=` cookie (401 without), each user's total
 * is `totals.get(user)` (0 by default), and `loads` counts the summary reads.
 */
export function createLiveSite(
  options: Partial<LiveEventsOptions> & {
    feed?: ChangeFeed;
    loadDelayMs?: number;
    totals?: Map<string, number>;
    freshAsOf?: boolean;
  } = {},
) {
  const feed = options.feed ?? createMemoryChangeFeed();
  // Instances of one site share what the vendors hold (pass the same map).
  const totals = options.totals ?? new Map<string, number>();
  const site = {
    feed,
    totals,
    loads: 0,
    live: undefined as unknown as LiveEvents,
    /** Sets `user`'s total and publishes the change, as a webhook would. */
    async change(user: string, total: number): Promise<string> {
      totals.set(user, total);
      return site.live.changed(user);
    },
    handler: async (request: Request): Promise<Response> => {
      const url = new URL(request.url);
      if (url.pathname !== '/api/inbox/events')
        return new Response('{"error":{"code":"not_found","message":"No such inbox route"}}', { status: 404 });
      const user =
        request.headers.get('x-user') ?? /(?:^|;\s*)user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
      if (!user) return new Response('{"error":{"code":"unauthorized","message":"Sign in"}}', { status: 401 });
      return site.live.respond(request, {
        userKey: user,
        load: async () => {
          site.loads++;
          if (options.loadDelayMs) await new Promise((resolve) => setTimeout(resolve, options.loadDelayMs));
          const summary = summaryWith(totals.get(user) ?? 0);
          // Each read is a new one, as the handler's would be: only asOf moves when nothing else changed.
          return options.freshAsOf
            ? { ...summary, asOf: new Date(Date.UTC(2026, 0, 1) + site.loads * 1000).toISOString() }
            : summary;
        },
      });
    },
  };
  site.live = createLiveEvents({ ...options, feed });
  return site;
}
