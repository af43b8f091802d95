import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  ServerError,
} from './errors.js';
import { redactHeaders, redactText } from './redact.js';
import { retryAfterMs } from './retry-policy.js';
import type { CallContext, ReceivedResponse } from './transport.js';
import type { VendorErrorSummary } from './vendor-profile.js';

/** What building a call's error needs to know of the call. */
type ErrorContext = Pick<CallContext, 'provider' | 'vendor' | 'operation' | 'secrets'>;

const decoder = new TextDecoder();

/** The body as text with every secret replaced (before any parsing, so depth never matters). */
function safeText(bytes: Uint8Array, secrets: readonly string[]): string {
  return bytes.byteLength === 0 ? '' : redactText(decoder.decode(bytes), secrets);
}

/** JSON of `text`, or `undefined` when it is not JSON. `JSON.parse` has no recursion limit to hit. */
function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined; // empty, or not JSON
  }
}

/**
 * The one place a response body is parsed: a 2xx body's JSON, or the typed error.
 * Error bodies (JSON, or their text when they are not JSON) and headers are kept with
 * every secret replaced.
 * @throws {ApiError} a subclass by status for a non-2xx response; {@link InvalidResponseError} for a 2xx body that is empty or not JSON
 */
export function bodyOrError<T>(received: ReceivedResponse, context: ErrorContext): T {
  const { status } = received;
  if (status < 200 || status >= 300) throw errorFromResponse(received, context);
  const text = decoder.decode(received.bytes);
  try {
    return JSON.parse(text) as T;
  } catch {
    const what = text.trim() ? 'a body that is not JSON' : 'an empty body';
    const details = {
      provider: context.provider,
      operation: context.operation,
      status,
      body: redactText(text, context.secrets),
      headers: redactHeaders(received.headers, context.secrets),
    };
    throw new InvalidResponseError(
      details,
      `${context.vendor.displayName} ${context.operation} answered HTTP ${status} with ${what}`,
    );
  }
}

/** The typed error for a non-2xx response. */
export function errorFromResponse(received: ReceivedResponse, context: ErrorContext): ApiError {
  const text = safeText(received.bytes, context.secrets);
  const parsed = parseJson(text);
  const body = parsed ? parsed.value : text;
  const { code, message: said } = vendorSays(body, context);
  const { status } = received;
  const details = {
    provider: context.provider,
    operation: context.operation,
    status,
    body,
    code,
    headers: redactHeaders(received.headers, context.secrets),
  };
  const message = `${context.vendor.displayName} ${context.operation} failed with HTTP ${status}${code ? ` ${code}` : ''}${said ? `: ${said}` : ''}`;
  if (status === 400 || status === 422) return new BadRequestError(details, message);
  if (status === 401 || status === 403) return new AuthenticationError(details, message);
  if (status === 404) return new NotFoundError(details, message);
  if (status === 429)
    return new RateLimitError(
      { ...details, retryAfterMs: retryAfterMs(received.headers, Date.now(), context.vendor.readRateLimitWait) },
      message,
    );
  if (status >= 500) return new ServerError(details, message);
  return new ApiError(details, message);
}

/** The vendor's code and message from its error body (through its reader), or a text body's start; a reader that throws says nothing. */
function vendorSays(body: unknown, context: ErrorContext): { code: string | undefined; message: string | undefined } {
  let said: VendorErrorSummary = {};
  try {
    said = context.vendor.readErrorBody?.(body) ?? {};
  } catch {
    // a reader must never turn an HTTP error into another failure
  }
  const code = typeof said.code === 'string' && said.code ? said.code : undefined;
  const text =
    typeof said.message === 'string' ? said.message : typeof body === 'string' ? body.trim().slice(0, 200) : undefined;
  return { code, message: text || undefined };
}
