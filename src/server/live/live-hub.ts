import { compareStreamIds, parseStreamId } from './change-feed.js';
import { DIRECT_SINK, type DirectSink } from './direct-sink.js';
import { encodeEvent, encodeRetry, HEARTBEAT, SSE_HEADERS } from './sse-format.js';

/** Options of {@link createLiveHub}. */
export interface LiveHubOptions {
  /** A comment line is sent on every stream this often, so that proxies keep it open. @default 15000 */
  heartbeatMs?: number;
  /** The reconnection delay sent as `retry:`. @default 3000 */
  retryMs?: number;
  /** At most this many streams per user; opening one more closes the oldest. @default 5 */
  maxConnectionsPerUser?: number;
  /** A stream whose client has not read this many bytes is closed (it reconnects and resumes). @default 262144 */
  maxQueuedBytes?: number;
  /** Called when the last stream closes (stop reading the change feed). */
  onIdle?: () => void;
  /** Called with `1` when a stream opens and `-1` when it closes (a gauge of open streams, for telemetry). */
  onConnection?: (delta: 1 | -1) => void;
  /** Called when the last stream of a user closes. */
  onUserGone?: (userKey: string) => void;
}

/** One open event stream, as the hub keeps it: a few fields, no copy of what was sent. */
export class LiveConnection {
  /** The id of the last event sent (the client's `Last-Event-ID` if it reconnects now). */
  lastId: string;
  /** A hash of the last data sent (the same summary is not sent twice), 0 before any. */
  sentHash = 0;
  closed = false;
  /** @internal What was written before anyone read the stream (the body's first read, or a direct sink, takes it). */
  early: Uint8Array[] | undefined = [];
  /** @internal Where bytes go once the stream is read: the body's controller, or a server's direct sink. */
  controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  /** @internal */
  sink: DirectSink | undefined;
  /** @internal */
  constructor(
    readonly userKey: string,
    lastId: string,
    /** @internal */ public release: () => void,
  ) {
    this.lastId = lastId;
  }
}

/** The registry of open event streams, by user. */
export interface LiveHub {
  /**
   * Opens an event stream for `userKey`: a `200 text/event-stream` response that starts with `retry:`.
   * It is released when the body is cancelled (the server saw the client go: `toNodeListener`, Bun,
   * Deno, Hono's node server and Next.js cancel it), the request's signal aborts, or `close` is called.
   * The request itself is not kept (a few kB a stream).
   * @param lastId the client's `Last-Event-ID` (or `''`): the id the first event must not go back from
   */
  open(request: Request, userKey: string, lastId?: string): { response: Response; connection: LiveConnection };
  /** Writes one `event` to `connection` unless it already has this content (by `contentKey`, default `data`); `false` when skipped or closed. */
  send(connection: LiveConnection, id: string, data: string, event?: string, contentKey?: string): boolean;
  /**
   * Writes one `event` to each stream of `userKey` that does not have this content yet (compared by
   * `contentKey`, default `data`: a summary's key leaves `asOf` out); returns how many got it.
   */
  deliver(userKey: string, id: string, data: string, event?: string, contentKey?: string): number;
  /** The streams of `userKey` (oldest first), or none. */
  connectionsOf(userKey: string): ReadonlySet<LiveConnection>;
  /** The users with at least one open stream. */
  users(): IterableIterator<string>;
  /** How many streams are open. */
  readonly size: number;
  /** Closes every stream and stops the heartbeat. */
  close(): void;
}

const NONE: ReadonlySet<LiveConnection> = new Set();
const byteLength = (chunk: Uint8Array) => chunk.byteLength;
/** Marks, among the bytes written before the stream was read, that it was closed. */
const CLOSE = new Uint8Array(0);

/** A 53-bit hash of `text` (cyrb53): tells consecutive summaries apart without keeping them. */
export function hashText(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0) || 1;
}

/** `id`, unless `previous` is a newer stream id: the ids a client sees never go back. */
function notOlder(previous: string, id: string): string {
  const a = parseStreamId(previous);
  const b = parseStreamId(id);
  return a && b && compareStreamIds(a, b) > 0 ? previous : id;
}

const positiveInteger = (name: string, value: number | undefined, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`createLiveHub: ${name} must be a positive integer, got ${String(value)}`);
  return value;
};

/**
 * The event streams of one server instance. One heartbeat timer for all of them (none while no
 * stream is open); each stream costs a few hundred bytes of state; a client that stops reading is
 * closed once `maxQueuedBytes` wait for it, so it never holds memory or other clients up.
 * @throws {RangeError} for an option that is not a positive integer, naming it
 * @example
 * const hub = createLiveHub();
 * const { response, connection } = hub.open(request, 'user-1');
 * hub.send(connection, '1700000000000-0', JSON.stringify(summary));
 */
export function createLiveHub(options: LiveHubOptions = {}): LiveHub {
  const heartbeatMs = positiveInteger('heartbeatMs', options.heartbeatMs, 15_000);
  const retryMs = positiveInteger('retryMs', options.retryMs, 3_000);
  const maxPerUser = positiveInteger('maxConnectionsPerUser', options.maxConnectionsPerUser, 5);
  const maxQueuedBytes = positiveInteger('maxQueuedBytes', options.maxQueuedBytes, 262_144);
  const byUser = new Map<string, Set<LiveConnection>>();
  let size = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  /** Writes `bytes` (kept until the stream is read); closes a stream whose client is too far behind. */
  const write = (connection: LiveConnection, bytes: Uint8Array): boolean => {
    if (connection.closed) return false;
    try {
      let queued: number;
      if (connection.sink) {
        connection.sink.write(bytes);
        queued = connection.sink.queued();
      } else if (connection.early) {
        connection.early.push(bytes);
        queued = connection.early.reduce((sum, chunk) => sum + chunk.byteLength, 0);
      } else {
        connection.controller!.enqueue(bytes);
        queued = -(connection.controller!.desiredSize ?? 0);
      }
      if (queued > maxQueuedBytes) {
        finish(connection, true);
        return false;
      }
      return true;
    } catch {
      finish(connection, false);
      return false;
    }
  };

  const beat = () => {
    for (const connections of byUser.values()) for (const connection of connections) write(connection, HEARTBEAT);
  };

  /** Forgets `connection`, ends its stream (when `closeStream`) and stops the heartbeat once none is left. */
  function finish(connection: LiveConnection, closeStream: boolean): void {
    if (connection.closed) return;
    connection.closed = true;
    connection.release();
    if (closeStream) {
      try {
        if (connection.sink) connection.sink.end();
        else if (connection.early) connection.early.push(CLOSE);
        else connection.controller?.close();
      } catch {
        // already closed or errored
      }
    }
    const connections = byUser.get(connection.userKey);
    if (connections?.delete(connection)) {
      size--;
      options.onConnection?.(-1);
      if (connections.size === 0) {
        byUser.delete(connection.userKey);
        options.onUserGone?.(connection.userKey);
      }
    }
    if (size === 0 && heartbeat !== undefined) {
      clearInterval(heartbeat);
      heartbeat = undefined;
      options.onIdle?.();
    }
  }

  return {
    open(request, userKey, lastId = '') {
      const signal = request.signal;
      const connection: LiveConnection = new LiveConnection(userKey, lastId, () =>
        signal.removeEventListener('abort', onAbort),
      );
      const onAbort = () => finish(connection, true);
      /** Hands what was written so far to `take`; false when that included the close. */
      const flushEarly = (take: (bytes: Uint8Array) => void): boolean => {
        const early = connection.early ?? [];
        connection.early = undefined;
        for (const bytes of early) {
          if (bytes === CLOSE) return false;
          take(bytes);
        }
        return true;
      };
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (connection.early === undefined) return;
            connection.controller = controller;
            if (!flushEarly((bytes) => controller.enqueue(bytes))) controller.close();
          },
          cancel() {
            finish(connection, false);
          },
        },
        { highWaterMark: 0, size: byteLength },
      );
      const response = new Response(body, { status: 200, headers: SSE_HEADERS });
      // toNodeListener writes straight to the socket instead of reading `body` (a few kB less per stream).
      Object.defineProperty(response, DIRECT_SINK, {
        value: (sink: DirectSink) => {
          if (connection.early === undefined) throw new Error('LiveHub: this stream is already being read');
          connection.sink = sink;
          // The client's going away is now the server's to say: the request's signal is no longer needed.
          connection.release();
          connection.release = () => {};
          if (!flushEarly((bytes) => sink.write(bytes))) sink.end();
          return () => finish(connection, false);
        },
      });
      if (signal.aborted) {
        connection.closed = true;
        connection.early = [CLOSE];
        return { response, connection };
      }
      signal.addEventListener('abort', onAbort, { once: true });
      let connections = byUser.get(userKey);
      if (!connections) byUser.set(userKey, (connections = new Set()));
      connections.add(connection);
      size++;
      options.onConnection?.(1);
      while (connections.size > maxPerUser) finish(connections.values().next().value!, true);
      heartbeat ??= setInterval(beat, heartbeatMs);
      (heartbeat as { unref?: () => void }).unref?.();
      write(connection, encodeRetry(retryMs));
      return { response, connection };
    },
    send(connection, id, data, event = 'summary', contentKey = data) {
      const hash = hashText(contentKey);
      if (connection.closed || connection.sentHash === hash) return false;
      const eventId = notOlder(connection.lastId, id);
      if (!write(connection, encodeEvent(eventId, event, data))) return false;
      connection.sentHash = hash;
      connection.lastId = eventId;
      return true;
    },
    deliver(userKey, id, data, event = 'summary', contentKey = data) {
      const hash = hashText(contentKey);
      let bytes: Uint8Array | undefined;
      let sent = 0;
      for (const connection of [...(byUser.get(userKey) ?? NONE)]) {
        if (connection.sentHash === hash) continue;
        const eventId = notOlder(connection.lastId, id);
        // Encoded once for every stream that gets the same id (all of them, but for a client just resumed).
        const encoded = eventId === id ? (bytes ??= encodeEvent(id, event, data)) : encodeEvent(eventId, event, data);
        if (!write(connection, encoded)) continue;
        connection.sentHash = hash;
        connection.lastId = eventId;
        sent++;
      }
      return sent;
    },
    connectionsOf: (userKey) => byUser.get(userKey) ?? NONE,
    users: () => byUser.keys(),
    get size() {
      return size;
    },
    close() {
      for (const connections of [...byUser.values()])
        for (const connection of [...connections]) finish(connection, true);
    },
  };
}
