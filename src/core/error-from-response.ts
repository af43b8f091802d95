import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  RateLimitError,
  ServerError,
  type Provider,
} from './errors.js';
import { retryAfterMs } from './retry-policy.js';
import { redactHeaders, redactValue } from './redact.js';

export interface FailedResponse {
  provider: Provider;
  operation: string;
  status: number;
  body: unknown;
  headers: Headers;
  secrets: readonly string[];
}

/** The typed error for a non-2xx response, secrets redacted from what the server sent back. */
export function errorFromResponse(failed: FailedResponse): ApiError {
  const details = {
    provider: failed.provider,
    operation: failed.operation,
    status: failed.status,
    body: redactValue(failed.body, failed.secrets),
    headers: redactHeaders(failed.headers, failed.secrets),
  };
  const { status } = failed;
  if (status === 400 || status === 422) return new BadRequestError(details);
  if (status === 401 || status === 403) return new AuthenticationError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 429) return new RateLimitError({ ...details, retryAfterMs: retryAfterMs(failed.headers) });
  if (status >= 500) return new ServerError(details);
  return new ApiError(details);
}
