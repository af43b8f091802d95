import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  InvalidResponseError,
  NotFoundError,
  PROVIDER_NAMES,
  RateLimitError,
  ServerError,
} from './errors.js';
import { redactHeaders, redactText } from './redact.js';
import { retryAfterMs } from './retry-policy.js';
import type { CallContext, ReceivedResponse } from './transport.js';

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
export function bodyOrError<T>(received: ReceivedResponse, context: Pick<CallContext, 'provider' | 'operation' | 'secrets'>): T {
  const { status } = received;
  if (status < 200 || status >= 300) throw errorFromResponse(received, context);
  const text = decoder.decode(received.bytes);
  try {
    return JSON.parse(text) as T;
  } catch {
    const what = text.trim() ? 'a body that is not JSON' : 'an empty body';
    const details = { provider: context.provider, operation: context.operation, status, body: redactText(text, context.secrets), headers: redactHeaders(received.headers, context.secrets) };
    throw new InvalidResponseError(details, `${PROVIDER_NAMES[context.provider]} ${context.operation} answered HTTP ${status} with ${what}`);
  }
}

/** The typed error for a non-2xx response. */
export function errorFromResponse(received: ReceivedResponse, context: Pick<CallContext, 'provider' | 'operation' | 'secrets'>): ApiError {
  const text = safeText(received.bytes, context.secrets);
  const parsed = parseJson(text);
  const details = {
    provider: context.provider,
    operation: context.operation,
    status: received.status,
    body: parsed ? parsed.value : text,
    headers: redactHeaders(received.headers, context.secrets),
  };
  const { status } = received;
  if (status === 400 || status === 422) return new BadRequestError(details);
  if (status === 401 || status === 403) return new AuthenticationError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 429) return new RateLimitError({ ...details, retryAfterMs: retryAfterMs(received.headers) });
  if (status >= 500) return new ServerError(details);
  return new ApiError(details);
}
