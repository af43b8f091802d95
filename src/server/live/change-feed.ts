/**
 * The change feed: "user U's summary may have changed", carried to every server instance.
 * Entries are ordered by their id (Redis Streams form, `<ms>-<seq>`), and that id is the SSE `id:`,
 * so a client can resume with `Last-Event-ID` on any instance that reads the same feed.
 */

/** One change: whose summary may have changed, and an optional small note (never a secret). */
export interface ChangeEntry {
  /** The feed's id of the entry (`<ms>-<seq>`; `local-…` when delivered to this instance only). */
  id: string;
  /** The user whose summary may have changed (a key the handler builds, never a vendor secret). */
  userKey: string;
  /** What the publisher said about the change (may be `''`). */
  change: string;
  /** The webhook that caused the change, when one did (a webhook's re-read); absent for any other change. */
  webhook?: WebhookCause;
}

/** The webhook behind a change: its vendor, and when the receiver took the delivery (epoch ms). Never an id. */
export interface WebhookCause {
  /** The vendor that sent it (`cometchat`, `commbox`: the provider id). */
  vendor: string;
  /** When the receiver took the delivery, in epoch ms (the earliest of a coalesced burst). */
  receivedAt: number;
}

/**
 * What a subscriber hears: a change, or a gap — changes may have been missed (a resume id too old
 * or unknown, or an outage of the shared feed): every watched summary must be re-read.
 */
export type ChangeNotice = ({ type: 'change' } & ChangeEntry) | { type: 'gap' };

/** The answer of {@link ChangeFeed.replay}. */
export interface ChangeReplay {
  /** The entries after `fromId`, oldest first (empty when `complete` is false). */
  entries: ChangeEntry[];
  /** The newest id the feed knows of (`fromId` when nothing is newer; `'0-0'` for an empty feed). */
  lastId: string;
  /** False when the feed cannot say what came after `fromId` (too old, unknown, or the feed unreachable). */
  complete: boolean;
}

/** A feed of changes, in this process (`createMemoryChangeFeed`) or across instances (`createRedisChangeFeed`). */
export interface ChangeFeed {
  /**
   * Publishes a change of `userKey`'s summary and resolves to its id. Never rejects for an outage of
   * a shared feed: the change then reaches this instance's subscribers only (with a `local-…` id).
   * `webhook`, when a webhook caused the change, travels with it to every subscriber (the delivery latency).
   * @throws {TypeError} when `userKey` is not a non-empty string, `change` not a string, or `webhook` not a {@link WebhookCause}
   */
  publish(userKey: string, change?: string, webhook?: WebhookCause): Promise<string>;
  /**
   * Calls `listener` for every change published from now on (by any instance); with `fromId`, first for
   * every change after it (or one `gap` when that cannot be known). Returns the unsubscribe function.
   */
  subscribe(listener: (notice: ChangeNotice) => void, fromId?: string): () => void;
  /** The changes after `fromId` (see {@link ChangeReplay}); with no `fromId`, none, and the newest id. */
  replay(fromId?: string): Promise<ChangeReplay>;
  /** Stops reading and frees the feed's connections and timers (not a client it was given). */
  close(): Promise<void>;
}

/** Parses a `<ms>-<seq>` id; `undefined` for anything else. */
export function parseStreamId(id: string): [bigint, bigint] | undefined {
  const match = /^(\d{1,20})-(\d{1,20})$/.exec(id);
  return match ? [BigInt(match[1]!), BigInt(match[2]!)] : undefined;
}

/** Orders two `<ms>-<seq>` ids: negative, zero or positive, as `a` is older, the same or newer. */
export function compareStreamIds(a: [bigint, bigint], b: [bigint, bigint]): number {
  return a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

/** A vendor id as a webhook route names it (`/webhooks/{vendor}`). */
const VENDOR = /^[a-z][a-z0-9-]{0,39}$/;

/** Whether `value` is a {@link WebhookCause}: a vendor id and a finite, non-negative epoch ms. */
export function isWebhookCause(value: unknown): value is WebhookCause {
  const cause = value as WebhookCause | null | undefined;
  return (
    typeof cause === 'object' &&
    cause !== null &&
    typeof cause.vendor === 'string' &&
    VENDOR.test(cause.vendor) &&
    typeof cause.receivedAt === 'number' &&
    Number.isFinite(cause.receivedAt) &&
    cause.receivedAt >= 0
  );
}

/** Checks `publish`'s arguments, naming the bad one. */
export function checkPublish(where: string, userKey: unknown, change: unknown, webhook?: unknown): void {
  if (typeof userKey !== 'string' || userKey === '')
    throw new TypeError(`${where}: userKey must be a non-empty string`);
  if (typeof change !== 'string') throw new TypeError(`${where}: change must be a string`);
  if (webhook !== undefined && !isWebhookCause(webhook))
    throw new TypeError(`${where}: webhook must be { vendor, receivedAt } (a vendor id and epoch ms)`);
}

/**
 * `subscribe` with `fromId`, for any feed: replays what came after `fromId` (or a gap), then the live
 * changes, each id once and in order (a live change that the replay already gave is skipped).
 */
export function subscribeFrom(
  feed: Pick<ChangeFeed, 'replay'>,
  live: (listener: (notice: ChangeNotice) => void) => () => void,
  listener: (notice: ChangeNotice) => void,
  fromId: string,
): () => void {
  let active = true;
  let replaying = true;
  const held: ChangeNotice[] = [];
  let newest = parseStreamId(fromId);
  const deliver = (notice: ChangeNotice) => {
    if (!active) return;
    if (notice.type === 'change') {
      const id = parseStreamId(notice.id);
      if (id && newest && compareStreamIds(id, newest) <= 0) return;
      if (id) newest = id;
    }
    listener(notice);
  };
  const stop = live((notice) => (replaying ? held.push(notice) : deliver(notice)));
  void feed
    .replay(fromId)
    .then(
      ({ entries, complete }) => {
        if (complete) for (const entry of entries) deliver({ type: 'change', ...entry });
        else deliver({ type: 'gap' });
      },
      () => deliver({ type: 'gap' }),
    )
    .finally(() => {
      replaying = false;
      for (const notice of held.splice(0)) deliver(notice);
    });
  return () => {
    active = false;
    stop();
  };
}
