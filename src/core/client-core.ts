import createClient, { type Client } from 'openapi-fetch';
import type { ClientOptions, RequestOptions } from './client-options.js';
import { ApiError, InvalidResponseError, PROVIDER_NAMES, type Provider } from './errors.js';
import { connectionError, createRetryingFetch, type AttemptContext, type TransportOptions } from './retry.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import { errorFromResponse } from './error-from-response.js';
import { fail, integer, optionalObject } from './validate.js';

/** What an operation hands to openapi-fetch for one call: the body comes back as text, parsed once by `run`. */
export interface OperationInit {
  fetch: (request: Request) => Promise<Response>;
  signal: AbortSignal;
  headers?: Record<string, string> | undefined;
  pathSerializer: (pathname: string, params: Record<string, unknown>) => string;
  parseAs: 'text';
}

type FetchResult = { data?: string; error?: unknown; response: Response };

/** The machinery both vendors share: one openapi-fetch client, the retrying transport, the unwrapping. */
export interface ClientCore<Paths extends {}> {
  raw: Client<Paths>;
  /** Runs one operation and resolves to its 2xx body (typed `T`, from the generated types), or throws the typed error. */
  run<T>(operation: string, options: RequestOptions | undefined, send: (init: OperationInit) => Promise<FetchResult>): Promise<T>;
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
  if (!/^https?:\/\/[^/?#\s]+/i.test(config.baseUrl)) fail(TypeError, config.where, 'baseUrl', 'must be an absolute http(s) URL', config.baseUrl);
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

  // One transport per operation for calls that keep the client's policy.
  const transports = new Map<string, ReturnType<typeof createRetryingFetch>>();
  const transportFor = (operation: string, call: RequestOptions | undefined) => {
    if (call?.maxRetries !== undefined || call?.timeoutMs !== undefined) {
      return createRetryingFetch(transport({ ...resolvePolicy(call, policy, operation), operation }));
    }
    let cached = transports.get(operation);
    if (!cached) transports.set(operation, (cached = createRetryingFetch(transport({ operation }))));
    return cached;
  };

  async function run<T>(operation: string, call: RequestOptions | undefined, send: (init: OperationInit) => Promise<FetchResult>): Promise<T> {
    optionalObject(call, 'options', operation);
    const retrying = transportFor(operation, call);
    const callerSignal = call?.signal;
    callerSignal?.throwIfAborted();
    // The first attempt's controller goes into the Request openapi-fetch builds: no second Request.
    const context: AttemptContext = { controller: new AbortController(), callerSignal };
    const forward = (): void => context.controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', forward, { once: true });
    let result: FetchResult;
    try {
      result = await send({
        fetch: (request) => retrying(request, context),
        signal: context.controller.signal,
        headers: call?.headers,
        pathSerializer: insertEncodedPath,
        parseAs: 'text',
      });
    } catch (error) {
      // The final body broke off, or its read outlived the timeout (no retry: the status was final).
      callerSignal?.throwIfAborted();
      throw error instanceof ApiError ? error : connectionError(error, { ...policy, ...call, secrets: config.secrets, provider: config.provider }, operation);
    } finally {
      context.release?.();
      callerSignal?.removeEventListener('abort', forward);
    }
    const { response } = result;
    if (!response.ok) {
      throw errorFromResponse({ ...config, operation, status: response.status, body: result.error, headers: response.headers });
    }
    return parseBody<T>(result.data, response, config.provider, operation);
  }

  return { raw, run };
}

/** The JSON of a 2xx body; an empty or non-JSON body is an InvalidResponseError carrying the text. */
function parseBody<T>(text: string | undefined, response: Response, provider: Provider, operation: string): T {
  if (text?.trim()) {
    try {
      return JSON.parse(text) as T;
    } catch {
      // reported below
    }
  }
  const what = text?.trim() ? 'a body that is not JSON' : 'an empty body';
  throw new InvalidResponseError(
    { provider, operation, status: response.status, body: text ?? '', headers: response.headers },
    `${PROVIDER_NAMES[provider]} ${operation} answered HTTP ${response.status} with ${what}`,
  );
}

function resolvePolicy(options: ClientOptions | RequestOptions, base: RetryPolicy | undefined, where: string): RetryPolicy {
  const from = base ?? DEFAULT_RETRY_POLICY;
  const retry = 'retry' in options ? (options.retry ?? {}) : {};
  const pick = (value: number | undefined, name: string, fallback: number, min = 0): number =>
    value === undefined ? fallback : integer(value, name, where, min);
  return {
    maxRetries: pick(options.maxRetries, 'maxRetries', from.maxRetries),
    timeoutMs: pick(options.timeoutMs, 'timeoutMs', from.timeoutMs, 1),
    initialDelayMs: pick(retry.initialDelayMs, 'retry.initialDelayMs', from.initialDelayMs),
    maxDelayMs: pick(retry.maxDelayMs, 'retry.maxDelayMs', from.maxDelayMs),
    maxRetryAfterMs: pick(retry.maxRetryAfterMs, 'retry.maxRetryAfterMs', from.maxRetryAfterMs),
  };
}
