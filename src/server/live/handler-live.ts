import type { ProviderSource, SourceResult } from '../provider-source.js';
import type { Refresher } from '../webhooks/refresher.js';
import type { ChangeFeed } from './change-feed.js';
import { createLiveEvents, type LiveEvents, type SummaryEventData } from './live-events.js';
import { createMemoryChangeFeed } from './memory-change-feed.js';

/** What {@link createHandlerLive} needs of the handler. */
export interface HandlerLiveSettings {
  /** The store's change feed; a feed of this process when the store has none. */
  feed: ChangeFeed | undefined;
  /** Turns a visitor's provider reads into the `GET /summary` body, or `undefined` where /summary answers 503. */
  summaryOf: (results: SourceResult[]) => SummaryEventData | undefined;
  /** Every open user's summary is re-read this often (through the cache), changed or not. */
  refreshMs: number;
  /** Hears of a failure to publish or to load a stream's summary. Never of a secret. */
  onError: (error: Error) => void;
  /** Hears `1` when a stream opens and `-1` when it closes. */
  onConnection?: (delta: 1 | -1) => void;
  /** Hears how long a webhook's change took to reach this instance's streams (see `LiveEventsOptions.onWebhookDelivered`). */
  onWebhookDelivered?: (event: { vendor: string; latencyMs: number }) => void;
  /** The clock (epoch ms) a webhook's delivery is timed with: the handler's, which its receipt time is taken with. @default Date.now */
  now?: () => number;
}

/** At most this many (provider, user) signatures are remembered per process. */
const MAX_SIGNATURES = 10_000;

const hex = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes, 0, 16)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/** What a live badge shows of one provider read: conversations, unread counts, failures, staleness (not when it was read). */
export function shownSignature(result: SourceResult): string {
  return JSON.stringify([
    result.conversations.map((c) => [c.id, c.unread, c.title, c.lastMessage?.at, c.lastMessage?.text]),
    result.failures.map((f) => f.code),
    result.stale,
    result.at === undefined,
  ]);
}

/**
 * The handler's live side, `GET {basePath}/events`: streams keyed by a hash of the visitor's ids, fed
 * by the change feed. A change is published per (provider account, vendor user id) — as a hash, so no
 * vendor id reaches Redis — and every stream listens on the keys of its visitor's ids. Published:
 * after a mark-read ({@link HandlerLive.announce}), and whenever a read through a tapped source
 * (a webhook's or reconciliation's re-read, a visitor's `GET /summary`) shows something else than
 * the previous read this process saw (or the first it sees: another instance may be watching).
 * A stream's own re-reads record what they saw without publishing (no echo between instances).
 */
export interface HandlerLive {
  /** The source, with reads that announce a change of what they show. */
  tap(source: ProviderSource): ProviderSource;
  /**
   * A webhook's (or reconciliation's) re-read of `userId` through `source`: as `source.load(userId)`, and
   * for a tapped source the change it announces carries `receivedAt` (epoch ms, when the webhook that
   * caused the re-read was received; none for a reconciliation), so the live streams can measure the delivery.
   */
  reread(source: ProviderSource, userId: string, receivedAt?: number): Promise<SourceResult>;
  /** The event stream of a visitor whose provider ids are `ids` (tapped sources). */
  respond(request: Request, ids: Map<ProviderSource, string>, refresher: Refresher): Promise<Response>;
  /** Publishes that `userId`'s summary at `provider` changed (after a mark-read). Never rejects. */
  announce(source: ProviderSource, userId: string): Promise<void>;
  /** The live streams of this instance. */
  readonly events: LiveEvents;
  /** Closes every stream (the feed stays open: it is the store's). */
  close(): void;
}

/**
 * Builds the handler's live side (see {@link HandlerLive}).
 * @throws {RangeError} when `refreshMs` is not a positive integer
 */
export function createHandlerLive(settings: HandlerLiveSettings): HandlerLive {
  const feed = settings.feed ?? createMemoryChangeFeed();
  const events = createLiveEvents({
    feed,
    onError: settings.onError,
    refreshMs: settings.refreshMs,
    ...(settings.onConnection ? { onConnection: settings.onConnection } : {}),
    ...(settings.onWebhookDelivered ? { onWebhookDelivered: settings.onWebhookDelivered } : {}),
    ...(settings.now ? { now: settings.now } : {}),
  });
  const signatures = new Map<string, string>();
  const feedKeys = new Map<string, Promise<string>>();
  const raw = new WeakMap<ProviderSource, ProviderSource>();

  /** The feed key of a provider account's user: a SHA-256 of it (128 bits, hex), cached. */
  const feedKeyOf = (source: ProviderSource, userId: string): Promise<string> => {
    const name = `${source.provider}\u0000${source.adapter.accountKey}\u0000${userId}`;
    let key = feedKeys.get(name);
    if (!key) {
      key = globalThis.crypto.subtle
        .digest('SHA-256', new TextEncoder().encode(`live\u0000${name}`))
        .then((digest) => `u:${hex(digest)}`);
      feedKeys.set(name, key);
      if (feedKeys.size > MAX_SIGNATURES) feedKeys.delete(feedKeys.keys().next().value!);
    }
    return key;
  };

  /** Remembers what `result` shows; true when that differs from the previous read (or none is known). */
  const record = (provider: string, userId: string, result: SourceResult): boolean => {
    const name = `${provider}\u0000${userId}`;
    const signature = shownSignature(result);
    const previous = signatures.get(name);
    signatures.delete(name);
    signatures.set(name, signature); // most recent last
    if (signatures.size > MAX_SIGNATURES) signatures.delete(signatures.keys().next().value!);
    return previous !== signature;
  };

  const publish = async (source: ProviderSource, userId: string, change: string, receivedAt?: number) => {
    try {
      const webhook = receivedAt === undefined ? undefined : { vendor: source.provider, receivedAt };
      await events.changed(await feedKeyOf(source, userId), change, webhook);
    } catch (error) {
      settings.onError(asError(error));
    }
  };

  /** A read through the untapped `source` that announces a change of what it shows (with its webhook's receipt time). */
  const announcedLoad = async (
    source: ProviderSource,
    userId: string,
    request: Parameters<ProviderSource['load']>[1],
    receivedAt: number | undefined,
  ): Promise<SourceResult> => {
    const result = await source.load(userId, request);
    if (record(source.provider, userId, result)) void publish(source, userId, 'read', receivedAt);
    return result;
  };

  return {
    tap(source) {
      const tapped: ProviderSource = {
        ...source,
        load: (userId, request) => announcedLoad(source, userId, request, undefined),
      };
      raw.set(tapped, source);
      return tapped;
    },
    reread(source, userId, receivedAt) {
      const untapped = raw.get(source);
      return untapped ? announcedLoad(untapped, userId, undefined, receivedAt) : source.load(userId);
    },
    async respond(request, ids, refresher) {
      const entries = [...ids];
      const keys = await Promise.all(entries.map(([source, id]) => feedKeyOf(source, id)));
      const userKey =
        keys.length === 1
          ? keys[0]!
          : `v:${hex(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(keys.join('\u0000'))))}`;
      return events.respond(request, {
        userKey,
        keys,
        load: async () => {
          const results = await Promise.all(
            entries.map(async ([source, id]) => {
              const result = await (raw.get(source) ?? source).load(id);
              record(source.provider, id, result);
              // As GET /summary does: keeps the user watched for every instance's webhooks.
              void refresher.observe(source, id, result, true);
              return result;
            }),
          );
          return settings.summaryOf(results);
        },
        watch: () => {
          const stops = entries.map(([source, id]) => refresher.watch(source, id));
          return () => stops.forEach((stop) => stop());
        },
      });
    },
    announce: (source, userId) => publish(source, userId, 'mark-read'),
    events,
    close: () => events.close(),
  };
}
