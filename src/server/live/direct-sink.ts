/**
 * A lighter path for event streams served by `toNodeListener`: instead of reading the Response's
 * `ReadableStream` (Node's web streams cost several kB per open stream), the listener hands the hub a
 * sink that writes to the `ServerResponse`, and the stream objects are dropped. Other runtimes read
 * the body as usual.
 */

/** Where an event stream's bytes go when a server writes them directly. */
export interface DirectSink {
  /** Writes `bytes` at once. */
  write(bytes: Uint8Array): void;
  /** How many bytes wait for the client (the socket's buffer). */
  queued(): number;
  /** Ends the response. */
  end(): void;
}

/** Hands a stream to a direct sink; returns the function to call when the client has gone. */
export type DirectAttach = (sink: DirectSink) => () => void;

/** The property of a hub's Response that takes a direct sink (a symbol shared by every copy of the package). */
export const DIRECT_SINK: unique symbol = Symbol.for('conversations-client.live.direct-sink') as never;

/** The attach function of `response`, when it is an event stream of a live hub not read yet. */
export function directAttachOf(response: Response): DirectAttach | undefined {
  const attach = (response as Response & { [DIRECT_SINK]?: DirectAttach })[DIRECT_SINK];
  return typeof attach === 'function' ? attach : undefined;
}
