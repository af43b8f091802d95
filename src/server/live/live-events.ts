import type { components } from '../../generated/inbox.js';
import type { ChangeFeed, ChangeNotice, WebhookCause } from './change-feed.js';
import { createCoalescer } from './coalesce.js';
import { createLiveHub, type LiveHub, type LiveHubOptions } from './live-hub.js';

/** The `data` of a `summary` event: the body of `GET /summary`. */
export type SummaryEventData = components['schemas']['InboxSummary'];

/** Options of {@link createLiveEvents}. */
export interface LiveEventsOptions extends Omit<LiveHubOptions, 'onIdle' | 'onUserGone'> {
  /** Where changes come from (and go to): the store's change feed. */
  feed: ChangeFeed;
  /** Hears of a summary that could not be loaded for a stream. Never of a secret. */
  onError?: (error: Error) => void;
  /**
   * Every open user's summary is also re-read this often, changed or not (a source with no change
   * announcements of its own, such as a vendor without webhooks). @default none
   */
  refreshMs?: number;
  /**
   * Hears how long a change a webhook caused took to reach this instance's streams: called when the
   * summary it caused is first written to a stream, once per change per instance (not per stream; an
   * instance with no stream of that user, or whose streams already show it, says nothing). Never for a
   * change no webhook caused. `latencyMs` is `now() - receivedAt`, at least 0 (clocks of two instances may differ).
   */
  onWebhookDelivered?: (event: { vendor: string; latencyMs: number }) => void;
  /** The clock, in epoch ms, that `onWebhookDelivered`'s latency is measured with. @default Date.now */
  now?: () => number;
}

/** A change a webhook caused, heard by this instance: recorded once, whichever of its users' streams gets it first. */
interface HeardCause extends WebhookCause {
  recorded: boolean;
}

/** A visitor of `GET /events`, as the handler resolved it. */
export interface LiveVisitor {
  /** Who it is, as the change feed names users (never a vendor secret). */
  userKey: string;
  /** Reads the visitor's current summary (the same as `GET /summary` sends), or `undefined` when none can be shown. */
  load: () => Promise<SummaryEventData | undefined>;
  /** The change feed's keys that concern this visitor (e.g. one per provider id). @default [userKey] */
  keys?: readonly string[];
  /** Called when the user's first stream opens on this instance; the function it returns when the last one closes. */
  watch?: () => () => void;
}

/** `GET {basePath}/events`: the event streams of one instance, fed by the change feed. */
export interface LiveEvents {
  /** The `text/event-stream` response for `visitor` (resuming from `Last-Event-ID` when the request has one). */
  respond(request: Request, visitor: LiveVisitor): Promise<Response>;
  /**
   * Says that `userKey`'s summary may have changed (a webhook, a mark-read, …); resolves to the change's id.
   * `webhook`: the webhook that caused it, for `onWebhookDelivered` on every instance.
   */
  changed(userKey: string, change?: string, webhook?: WebhookCause): Promise<string>;
  /** The streams of this instance. */
  readonly hub: LiveHub;
  /** Closes every stream and stops reading the feed (the feed itself stays open: it is the caller's). */
  close(): void;
}

/** The resume id a client sent: `Last-Event-ID` (EventSource's reconnect) or `?lastEventId=` (a fresh EventSource). */
function resumeIdOf(request: Request): string | undefined {
  const id = request.headers.get('last-event-id') ?? new URL(request.url).searchParams.get('lastEventId');
  return id && id.length <= 64 && !/[\r\n\0]/.test(id) ? id : undefined;
}

/**
 * Serves `GET /events`: on connect a `summary` event with the visitor's current summary (none when
 * the client resumes with `Last-Event-ID` and nothing of its summary changed since), then one
 * whenever the change feed says the visitor's summary may have changed and it did. Changes of one
 * user are coalesced: while a summary is being read, any number of changes cause one more read, and
 * an unchanged summary is not sent again. Reads the feed only while a stream is open.
 * @throws {TypeError} when `feed` is missing; {RangeError} for a bad hub option
 * @example
 * const live = createLiveEvents({ feed: createMemoryChangeFeed() });
 * // in the handler's route for GET {basePath}/events, once resolveUser said who it is:
 * return live.respond(request, { userKey, load: () => loadSummary(user) });
 */
export function createLiveEvents(options: LiveEventsOptions): LiveEvents {
  const feed = options.feed;
  if (typeof feed?.subscribe !== 'function') throw new TypeError('createLiveEvents: feed must be a ChangeFeed');
  const loaders = new Map<string, LiveVisitor['load']>();
  /** Per open user: its feed keys and the end of its watch. */
  const users = new Map<string, { keys: readonly string[]; unwatch?: () => void }>();
  /** Feed key → the open users it concerns. */
  const byKey = new Map<string, Set<string>>();
  let refreshTimer: ReturnType<typeof setInterval> | undefined;
  const refreshMs = options.refreshMs;
  if (refreshMs !== undefined && (!Number.isInteger(refreshMs) || refreshMs < 1))
    throw new RangeError(`createLiveEvents: refreshMs must be a positive integer, got ${String(refreshMs)}`);
  const coalescer = createCoalescer<string>();
  const now = options.now ?? Date.now;
  /** Per open user: the webhook-caused changes heard since its last summary read started. */
  const causes = new Map<string, HeardCause[]>();
  /** The newest change id this instance has heard of: the id of a summary read from now on. */
  let lastSeenId = '0-0';
  let subscription: Promise<() => void> | undefined;

  const hub = createLiveHub({
    ...options,
    onUserGone: (userKey) => {
      loaders.delete(userKey);
      causes.delete(userKey);
      const user = users.get(userKey);
      users.delete(userKey);
      for (const key of user?.keys ?? []) {
        const set = byKey.get(key);
        set?.delete(userKey);
        if (set?.size === 0) byKey.delete(key);
      }
      try {
        user?.unwatch?.();
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    },
    onIdle: () => {
      if (refreshTimer !== undefined) clearInterval(refreshTimer);
      refreshTimer = undefined;
      const stopping = subscription;
      subscription = undefined;
      void stopping?.then((unsubscribe) => unsubscribe());
    },
  });

  /** Reads `userKey`'s summary once per burst of changes and sends it to the streams that lack it. */
  const refresh = (userKey: string) =>
    coalescer.run(userKey, async () => {
      const load = loaders.get(userKey);
      // The webhooks' changes this read answers: those heard before it starts (later ones cause one more read).
      const heard = causes.get(userKey);
      causes.delete(userKey);
      if (!load) return;
      const id = lastSeenId;
      try {
        const summary = await load();
        if (!summary) return;
        // What the summary shows, as GET /summary's ETag sees it: a re-read that only moved `asOf` is no change.
        const { asOf: _asOf, ...shown } = summary;
        if (hub.deliver(userKey, id, JSON.stringify(summary), 'summary', JSON.stringify(shown)) > 0 && heard)
          delivered(heard);
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    });

  /** Reports each webhook's change written to a stream, once per change on this instance. */
  const delivered = (heard: HeardCause[]) => {
    if (!options.onWebhookDelivered) return;
    const at = now();
    for (const cause of heard) {
      if (cause.recorded) continue;
      cause.recorded = true;
      try {
        options.onWebhookDelivered({ vendor: cause.vendor, latencyMs: Math.max(0, at - cause.receivedAt) });
      } catch (error) {
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    }
  };

  const onNotice = (notice: ChangeNotice) => {
    if (notice.type === 'gap') {
      for (const userKey of hub.users()) refresh(userKey);
      return;
    }
    lastSeenId = notice.id;
    const users = byKey.get(notice.userKey);
    // One record per change, shared by every user (stream group) of this instance it concerns.
    const cause: HeardCause | undefined =
      notice.webhook && options.onWebhookDelivered && users?.size ? { ...notice.webhook, recorded: false } : undefined;
    for (const userKey of users ?? []) {
      if (cause) {
        const list = causes.get(userKey);
        if (list) list.push(cause);
        else causes.set(userKey, [cause]);
      }
      refresh(userKey);
    }
  };

  /** Registers an open user's feed keys and watch (on its first stream). */
  const enter = (userKey: string, keys: readonly string[], watch: LiveVisitor['watch']) => {
    if (users.has(userKey)) return;
    const user: { keys: readonly string[]; unwatch?: () => void } = { keys };
    users.set(userKey, user);
    for (const key of keys) {
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(userKey);
    }
    if (watch) user.unwatch = watch();
    if (refreshMs !== undefined && refreshTimer === undefined) {
      refreshTimer = setInterval(() => {
        for (const key of hub.users()) refresh(key);
      }, refreshMs);
      (refreshTimer as { unref?: () => void }).unref?.();
    }
  };

  /** Starts reading the feed (once) from its newest id, so that no change after it is missed. */
  const subscribe = () =>
    (subscription ??= feed.replay().then(
      ({ lastId }) => {
        lastSeenId = lastId;
        return feed.subscribe(onNotice, lastId);
      },
      () => feed.subscribe(onNotice),
    ));

  return {
    async respond(request, { userKey, load, keys = [userKey], watch }) {
      if (typeof userKey !== 'string' || userKey === '')
        throw new TypeError('LiveEvents.respond: userKey must be a non-empty string');
      if (typeof load !== 'function') throw new TypeError('LiveEvents.respond: load must be a function');
      if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || key === ''))
        throw new TypeError('LiveEvents.respond: keys must be non-empty strings');
      await subscribe();
      const resumeId = resumeIdOf(request);
      const { response, connection } = hub.open(request, userKey, resumeId);
      if (connection.closed) return response;
      loaders.set(userKey, load);
      enter(userKey, keys, watch);
      if (resumeId === undefined) {
        refresh(userKey);
        return response;
      }
      // Resuming: send the summary only if a change of this user came after the client's id (or that is unknown).
      void feed.replay(resumeId).then(
        ({ entries, complete }) => {
          if (!complete || entries.some((entry) => keys.includes(entry.userKey))) refresh(userKey);
        },
        () => refresh(userKey),
      );
      return response;
    },
    changed: (userKey, change, webhook) => feed.publish(userKey, change, webhook),
    hub,
    close() {
      hub.close();
    },
  };
}
