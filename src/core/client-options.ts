import type { Middleware } from 'openapi-fetch';
import type { AttemptEvent, RetryEvent } from './retry.js';
import type { RetryPolicy } from './retry-policy.js';

/** Options every vendor client takes (each vendor's options extend them). */
export interface ClientOptions {
  /** Overrides the vendor's server, e.g. the mock's URL. */
  baseUrl?: string;
  /** The fetch to use. @default globalThis.fetch, read at call time */
  fetch?: typeof fetch;
  /** Extra headers sent with every request (printable ASCII values). */
  headers?: Record<string, string>;
  /** Retries after the first attempt, on network errors, 408, 429 and 5xx but 501; 0 disables. @default 2 */
  maxRetries?: number;
  /** Bound on each attempt in ms (redirects, headers and body), 1 to 2³¹−1. @default 30000 */
  timeoutMs?: number;
  /**
   * Largest response body read, in bytes, counted after decompression; a larger one aborts
   * the read with a `ResponseTooLargeError` that does not keep the body. @default 10485760 (10 MiB)
   */
  maxResponseBytes?: number;
  /** Backoff tuning in ms, each 1 to 2³¹−1: `initialDelayMs` (500), `maxDelayMs` (8000), `maxRetryAfterMs` (60000). */
  retry?: Partial<Pick<RetryPolicy, 'initialDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>>;
  /** Called before each retry's wait, with the failed attempt's status or error (secrets redacted). */
  onRetry?: (event: RetryEvent) => void;
  /** Called after every attempt, the last one included: status or error, duration, and the wait ahead if any. */
  onAttempt?: (event: AttemptEvent) => void;
  /** openapi-fetch middleware (logging, tracing), run once per call above the retries. */
  middleware?: Middleware[];
  /**
   * Lets the client run in a browser, where its API key reaches every visitor. Use
   * createInboxHandler on your server instead; only for trusted internal tools. @default false
   */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of one call; they win over the client's. */
export interface RequestOptions {
  /** Aborts the whole call, retries and waits included, with the signal's reason. */
  signal?: AbortSignal;
  /** Bound on each attempt in ms, 1 to 2³¹−1. @default the client's `timeoutMs` */
  timeoutMs?: number;
  /** Retries after the first attempt. @default the client's `maxRetries` */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
}
