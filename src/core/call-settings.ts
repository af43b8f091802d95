import type { ClientOptions, RequestOptions } from './client-options.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { RetryHooks } from './retry.js';
import { durationMs, extraHeaders, fail, integer, optionalObject } from './validate.js';

/** The default `maxResponseBytes`: 10 MiB, far above any page the vendors document. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** A client's options, checked once. */
export interface ClientSettings {
  policy: RetryPolicy;
  hooks: RetryHooks;
  maxResponseBytes: number;
}

/** What one call runs with. */
export interface CallSettings {
  policy: RetryPolicy;
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
}

const MAX_RETRIES = 100;

function optionalFunction<T>(value: T | undefined, name: string, where: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') fail(TypeError, where, name, 'must be a function', value);
  return value;
}

/**
 * A client's retry policy, hooks and size cap, checked: every time-like option is an
 * integer from 1 to 2³¹−1 ms (a timer holds no more).
 * @throws {TypeError|RangeError} naming the option
 */
export function resolveClientSettings(options: ClientOptions, where: string): ClientSettings {
  const retry = options.retry ?? {};
  optionalObject(options.retry, 'retry', where);
  const pick = (value: number | undefined, name: string, fallback: number): number =>
    value === undefined ? fallback : durationMs(value, name, where);
  return {
    policy: {
      maxRetries:
        options.maxRetries === undefined
          ? DEFAULT_RETRY_POLICY.maxRetries
          : integer(options.maxRetries, 'maxRetries', where, 0, MAX_RETRIES),
      timeoutMs: pick(options.timeoutMs, 'timeoutMs', DEFAULT_RETRY_POLICY.timeoutMs),
      initialDelayMs: pick(retry.initialDelayMs, 'retry.initialDelayMs', DEFAULT_RETRY_POLICY.initialDelayMs),
      maxDelayMs: pick(retry.maxDelayMs, 'retry.maxDelayMs', DEFAULT_RETRY_POLICY.maxDelayMs),
      maxRetryAfterMs: pick(retry.maxRetryAfterMs, 'retry.maxRetryAfterMs', DEFAULT_RETRY_POLICY.maxRetryAfterMs),
    },
    hooks: {
      onRetry: optionalFunction(options.onRetry, 'onRetry', where),
      onAttempt: optionalFunction(options.onAttempt, 'onAttempt', where),
    },
    maxResponseBytes:
      options.maxResponseBytes === undefined
        ? DEFAULT_MAX_RESPONSE_BYTES
        : integer(options.maxResponseBytes, 'maxResponseBytes', where, 1),
  };
}

/**
 * One call's options over the client's: the client's policy object itself when the call
 * changes neither retries nor timeout.
 * @throws {TypeError|RangeError} naming the option
 */
export function resolveCallSettings(options: RequestOptions, client: ClientSettings, where: string): CallSettings {
  optionalObject(options, 'options', where);
  const { signal, maxRetries, timeoutMs } = options;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' ||
      signal === null ||
      typeof signal.addEventListener !== 'function' ||
      typeof signal.aborted !== 'boolean')
  )
    fail(TypeError, where, 'signal', 'must be an AbortSignal', signal);
  const policy =
    maxRetries === undefined && timeoutMs === undefined
      ? client.policy
      : {
          ...client.policy,
          maxRetries:
            maxRetries === undefined
              ? client.policy.maxRetries
              : integer(maxRetries, 'maxRetries', where, 0, MAX_RETRIES),
          timeoutMs: timeoutMs === undefined ? client.policy.timeoutMs : durationMs(timeoutMs, 'timeoutMs', where),
        };
  return { policy, signal, headers: extraHeaders(options.headers, 'headers', where) };
}
