import createClient, { type Client } from 'openapi-fetch';
import type { ClientOptions, RequestOptions } from '../client-options.js';
import { InvalidResponseError, type Provider } from '../errors.js';
import { bufferedBody, createRetryingFetch, type TransportOptions } from '../retry.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry-policy.js';
import { errorFromResponse } from './error-from-response.js';
import { nonNegativeInteger, optionalObject } from './validate.js';

/** What an operation hands to openapi-fetch for one call. */
export interface OperationInit {
  fetch: (request: Request) => Promise<Response>;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
  pathSerializer: (pathname: string, params: Record<string, unknown>) => string;
}

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** The machinery both vendors share: one openapi-fetch client, the retrying transport, the unwrapping. */
export interface ClientCore<Paths extends {}> {
  raw: Client<Paths>;
  /** Runs one operation and resolves to its 2xx body, or throws the typed error. */
  run<T>(operation: string, options: RequestOptions | undefined, send: (init: OperationInit) => Promise<FetchResult<T>>): Promise<T>;
}

export interface CoreConfig {
  provider: Provider;
  where: string;
  baseUrl: string;
  authHeaders: Record<string, string>;
  secrets: readonly string[];
}

/** Path values are encoded by the facade's validators, so they go in verbatim. */
const insertEncodedPath = (pathname: string, params: Record<string, unknown>): string =>
  pathname.replace(/\{([^{}]+)\}/g, (match, name: string) => (params[name] === undefined ? match : String(params[name])));

/** Builds the shared core of a vendor client. */
export function createClientCore<Paths extends {}>(options: ClientOptions, config: CoreConfig): ClientCore<Paths> {
  const policy = resolvePolicy(options, undefined, config.where);
  const transport = (overrides: Partial<TransportOptions>): TransportOptions => ({
    ...policy,
    provider: config.provider,
    fetch: options.fetch,
    onRetry: options.onRetry,
    onAttempt: options.onAttempt,
    secrets: config.secrets,
    ...overrides,
  });
  const raw = createClient<Paths>({
    baseUrl: config.baseUrl,
    headers: { ...options.headers, ...config.authHeaders },
    fetch: createRetryingFetch(transport({})),
  });
  if (options.middleware?.length) raw.use(...options.middleware);

  async function run<T>(operation: string, call: RequestOptions | undefined, send: (init: OperationInit) => Promise<FetchResult<T>>): Promise<T> {
    optionalObject(call, 'options', operation);
    const retrying = createRetryingFetch(transport({ ...resolvePolicy(call ?? {}, policy, operation), operation }));
    let last: Response | undefined;
    const init: OperationInit = {
      fetch: async (request) => (last = await retrying(request)),
      signal: call?.signal,
      headers: call?.headers,
      pathSerializer: insertEncodedPath,
    };
    let result: FetchResult<T>;
    try {
      result = await send(init);
    } catch (error) {
      if (error instanceof SyntaxError && last) throw invalidBody(config.provider, operation, last);
      throw error;
    }
    const { response } = result;
    if (!response.ok) {
      throw errorFromResponse({ ...config, operation, status: response.status, body: result.error, headers: response.headers });
    }
    if (result.data === undefined) throw invalidBody(config.provider, operation, response);
    return result.data;
  }

  return { raw, run };
}

function invalidBody(provider: Provider, operation: string, response: Response): InvalidResponseError {
  const bytes = bufferedBody(response);
  const text = bytes ? new TextDecoder().decode(bytes) : '';
  const what = text.trim() === '' ? 'an empty body' : 'a body that is not JSON';
  return new InvalidResponseError(
    { provider, operation, status: response.status, body: text, headers: response.headers },
    `${provider === 'commbox' ? 'CommBox' : 'CometChat'} ${operation} answered HTTP ${response.status} with ${what}`,
  );
}

function resolvePolicy(options: ClientOptions | RequestOptions, base: RetryPolicy | undefined, where: string): RetryPolicy {
  const from = base ?? DEFAULT_RETRY_POLICY;
  const retry = 'retry' in options ? (options.retry ?? {}) : {};
  const pick = (value: number | undefined, name: string, fallback: number, min = 0): number => {
    if (value === undefined) return fallback;
    if (nonNegativeInteger(value, name, where) < min) throw new RangeError(`${where}: "${name}" must be at least ${min}, got ${value}`);
    return value;
  };
  return {
    maxRetries: pick(options.maxRetries, 'maxRetries', from.maxRetries),
    timeoutMs: pick(options.timeoutMs, 'timeoutMs', from.timeoutMs, 1),
    initialDelayMs: pick(retry.initialDelayMs, 'retry.initialDelayMs', from.initialDelayMs),
    maxDelayMs: pick(retry.maxDelayMs, 'retry.maxDelayMs', from.maxDelayMs),
    maxRetryAfterMs: pick(retry.maxRetryAfterMs, 'retry.maxRetryAfterMs', from.maxRetryAfterMs),
  };
}
