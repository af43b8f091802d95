/** Why a Redis command failed: Redis answered an error (`reply`), could not be reached (`unreachable`), or did not answer in time (`timeout`). */
export type RedisFailureReason = 'reply' | 'unreachable' | 'timeout';

/**
 * The client's error without what it carries of the command: ioredis keeps `command.args`
 * (keys and values: conversation titles, message texts) on a `ReplyError`. Only the name,
 * message and code are kept.
 */
function sanitized(cause: unknown): Error | undefined {
  if (cause === undefined) return undefined;
  const source = cause instanceof Error ? cause : undefined;
  const clean = new Error(source ? source.message : String(cause));
  clean.name = source?.name ?? 'Error';
  const code = (source as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') (clean as Error & { code?: string }).code = code;
  return clean;
}

/**
 * A Redis command of the Redis store failed: Redis answered with an error, the connection
 * is down, or the store is in a known outage. The handler treats it as "no shared state" and
 * carries on per instance. Never carries a key's value or a vendor secret; `cause` is a copy of the
 * client's error (name, message, code: never the command's arguments) when there is one.
 */
export class RedisStoreError extends Error {
  // Names are spelled out: minifiers rename classes.
  override name = 'RedisStoreError';
  /** The Redis command, e.g. `GET`. */
  readonly command: string;
  /** Why it failed. */
  readonly reason: RedisFailureReason;

  constructor(command: string, message: string, cause?: unknown, reason: RedisFailureReason = 'unreachable') {
    const clean = sanitized(cause);
    super(`Redis store: ${command} ${message}`, clean === undefined ? undefined : { cause: clean });
    this.command = command;
    this.reason = reason;
  }
}

/** A Redis command did not answer within the store's `commandTimeoutMs`. */
export class RedisStoreTimeoutError extends RedisStoreError {
  override name = 'RedisStoreTimeoutError';

  constructor(command: string, message: string) {
    super(command, message, undefined, 'timeout');
  }
}
