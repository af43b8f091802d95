/**
 * A Redis command of the Redis store failed: Redis answered with an error, the connection
 * is down, or the store is in a known outage. The handler treats it as "no shared state" and
 * carries on per instance. Never carries a key's value or a vendor secret; `cause` is the
 * client's error when there is one.
 */
export class RedisStoreError extends Error {
  // Names are spelled out: minifiers rename classes.
  override name = 'RedisStoreError';
  /** The Redis command, e.g. `GET`. */
  readonly command: string;

  constructor(command: string, message: string, cause?: unknown) {
    super(`Redis store: ${command} ${message}`, cause === undefined ? undefined : { cause });
    this.command = command;
  }
}

/** A Redis command did not answer within the store's `commandTimeoutMs`. */
export class RedisStoreTimeoutError extends RedisStoreError {
  override name = 'RedisStoreTimeoutError';
}
