/** What every error of this package knows about the call that failed. */
export interface ApiErrorDetails {
  /** The provider's id (one of the package's `Provider` names). */
  provider: string;
  /** The operation, e.g. `getObject`, or `GET /path` for calls through `raw`. */
  operation: string;
  /** The HTTP status; `undefined` when no response arrived. */
  status?: number | undefined;
  /** The parsed vendor error body (JSON), or its text when it is not JSON. */
  body?: unknown;
  /** The vendor's error code from its body (e.g. `ERR_UID_NOT_FOUND`), when it has one. */
  code?: string | undefined;
  /** The response headers. */
  headers?: Headers | undefined;
  /** The underlying error (network failures), secrets redacted. */
  cause?: unknown;
}

/** Where a paginated walk stopped: resume with the same query and `pageNumber`/`page` set to `pageNumber`. */
export interface PageCursor {
  /** The page that failed (its number as the API counts pages). */
  pageNumber: number;
  /** Items the walk had yielded before it failed. */
  itemsYielded: number;
}

/** Each branded class's key; instances carry it on their prototype chain. */
const brands = new WeakMap<object, symbol>();

/**
 * `value instanceof cls` by brand (a `Symbol.for` key every copy of this file shares), so errors made by
 * another copy of the package (the CommonJS build, another entry's bundle) still match. A class the
 * package did not brand (a user's subclass) falls back to the ordinary prototype check.
 */
function hasBrand(cls: object, value: unknown): boolean {
  const key = brands.get(cls);
  return key
    ? Object(value) === value && key in (value as object)
    : Function.prototype[Symbol.hasInstance].call(cls, value);
}

/**
 * The root of every error this package throws for a call: catch it to catch them all.
 * Carries the provider, the operation, the HTTP status, the vendor's error
 * body, the vendor's error `code` and the response headers. Never carries a
 * token or an API key.
 */
export class ApiError extends Error {
  // Names are spelled out: minifiers rename classes.
  override name = 'ApiError';
  readonly provider: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly body: unknown;
  /** The vendor's error code (e.g. `ERR_UID_NOT_FOUND`), when its body has one. */
  readonly code: string | undefined;
  readonly headers: Headers | undefined;
  /** Set when the error ended a paginated walk: the page to resume from, and how many items came before it. */
  readonly page: PageCursor | undefined;

  constructor(details: ApiErrorDetails, message?: string) {
    super(message ?? describe(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.provider = details.provider;
    this.operation = details.operation;
    this.status = details.status;
    this.body = details.body;
    this.code = details.code;
    this.headers = details.headers;
    this.page = undefined;
  }

  /** True for errors of this class made by any copy of the package (ESM or CommonJS, any entry point). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }

  /** A plain, secret-free form for logs and `JSON.stringify` (headers as an object). */
  toJSON(): Record<string, unknown> {
    const headers: Record<string, string> = {};
    this.headers?.forEach((value, key) => (headers[key] = value));
    return {
      name: this.name,
      message: this.message,
      provider: this.provider,
      operation: this.operation,
      status: this.status,
      code: this.code,
      body: this.body,
      headers,
      page: this.page,
    };
  }
}

/** 400 or 422: the vendor rejected the request's parameters. */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}
/** 401 or 403: the token or API key is missing, wrong, or lacks access. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}
/** 404: the user, stream, object or conversation does not exist (or is not accessible). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** 5xx: the vendor failed. */
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/** 429: throttled. `retryAfterMs` is how long the server asked to wait, when it said. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails & { retryAfterMs?: number | undefined }, message?: string) {
    super(details, message);
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** A 2xx response whose body is not the JSON the API promises (empty, truncated, HTML). */
export class InvalidResponseError extends ApiError {
  override name = 'InvalidResponseError';
}

/** A paginated walk got the page it had just read again (the server ignores the page number): stopped instead of looping. */
export class RepeatedPageError extends InvalidResponseError {
  override name = 'RepeatedPageError';
}

/** A body larger than `maxResponseBytes` (counted after decompression). The read is aborted and the body is not kept. */
export class ResponseTooLargeError extends ApiError {
  override name = 'ResponseTooLargeError';
  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;

  constructor(details: ApiErrorDetails & { limitBytes: number }, message?: string) {
    super(details, message);
    this.limitBytes = details.limitBytes;
  }
}

/**
 * A redirect that was not followed: to another origin (credentials never leave the
 * base URL's origin, so never to plain http either), or more than five in a row (a loop).
 * Not retried.
 */
export class RedirectError extends ApiError {
  override name = 'RedirectError';
  /** The origin the server redirected to, when it named one. */
  readonly targetOrigin: string | undefined;

  constructor(details: ApiErrorDetails & { targetOrigin?: string | undefined }, message?: string) {
    super(details, message);
    this.targetOrigin = details.targetOrigin;
  }
}

/** No response: the connection failed or broke. The network error is kept as `cause`. */
export class ConnectionError extends ApiError {
  override name = 'ConnectionError';
}

/** An attempt (headers and body) took longer than `timeoutMs`. */
export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
}

/** The operation exists on the vendor's API but not on this provider (e.g. marking a conversation read where the vendor documents no endpoint for it). */
export class UnsupportedOperationError extends Error {
  override name = 'UnsupportedOperationError';

  /** True for errors of this class made by any copy of the package (ESM or CommonJS, any entry point). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }
}

// Brands by name (minifiers rename classes): `instanceof` holds across every copy of this file.
for (const [name, cls] of Object.entries({
  ApiError,
  BadRequestError,
  AuthenticationError,
  NotFoundError,
  ServerError,
  RateLimitError,
  InvalidResponseError,
  RepeatedPageError,
  ResponseTooLargeError,
  RedirectError,
  ConnectionError,
  TimeoutError,
  UnsupportedOperationError,
})) {
  const key = Symbol.for(`conversations-client.${name}`);
  (cls.prototype as unknown as Record<symbol, true>)[key] = true;
  brands.set(cls, key);
}

/** The message of an error built without one: provider, operation, status and code, and a text body's start. */
function describe(details: ApiErrorDetails): string {
  const where = `${details.provider} ${details.operation}`;
  if (details.status === undefined) return `${where} failed: no response`;
  const said = typeof details.body === 'string' ? details.body.trim().slice(0, 200) : '';
  return `${where} failed with HTTP ${details.status}${details.code ? ` ${details.code}` : ''}${said ? `: ${said}` : ''}`;
}
