import createClient, { type Client, type FetchOptions, type QuerySerializerOptions } from 'openapi-fetch';
import { resolveClientSettings, resolveCallSettings, type ClientSettings } from './call-settings.js';
import type { ClientOptions, RequestOptions } from './client-options.js';
import type { Provider } from './errors.js';
import type { Ok } from './operation-types.js';
import { compileRoute, type BuildRequest, type OperationParams } from './request-builder.js';
import { bodyOrError } from './response.js';
import { sendWithRetries } from './retry.js';
import type { CallContext, OutgoingRequest, ReceivedResponse } from './transport.js';
import { extraHeaders } from './validate.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/**
 * Where each operation lives, as `[method, path]`. Checked against the generated types:
 * an entry compiles only if `paths[path][method]` is that operation.
 */
export type OperationRoutes<Paths, Operations> = {
  readonly [K in keyof Operations]: {
    [P in keyof Paths]: { [M in keyof Paths[P] & Method]: Paths[P][M] extends Operations[K] ? readonly [M, P] : never }[keyof Paths[P] & Method];
  }[keyof Paths];
};

/** What a facade method hands to `call`: the operation's typed path, query, header and body parameters. */
export type OperationInit<Operation> = Pick<FetchOptions<Operation>, Extract<keyof FetchOptions<Operation>, 'params' | 'body'>>;

/** The machinery both vendors share: one openapi-fetch client, the retrying transport, one place that parses bodies. */
export interface ClientCore<Paths extends {}, Operations> {
  /** The authenticated openapi-fetch client (same auth, retries, timeouts, size cap and redirect rule). */
  raw: Client<Paths>;
  /**
   * Runs one operation, found by its operationId, and resolves to its 2xx JSON body
   * (typed from the generated `operations`), or throws the typed error.
   */
  call<K extends keyof Operations & string>(operationId: K, init: OperationInit<Operations[K]>, options: RequestOptions | undefined): Promise<Ok<Operations[K]>>;
}

/** What a vendor tells the core about itself. */
export interface CoreConfig<Paths, Operations> {
  provider: Provider;
  where: string;
  /** The checked base URL (see `checkBaseUrl`). */
  baseUrl: string;
  authHeaders: Record<string, string>;
  secrets: readonly string[];
  routes: OperationRoutes<Paths, Operations>;
  /** How the vendor serializes query arrays and objects (openapi-fetch's options). @default openapi-fetch's (form, exploded) */
  querySerializer?: QuerySerializerOptions;
}

/** Path values are encoded by the facade's validators, so they go in verbatim. */
const insertEncodedPath = (pathname: string, params: Record<string, unknown>): string =>
  pathname.replace(/\{([^{}]+)\}/g, (match, name: string) => (params[name] === undefined ? match : String(params[name])));

/** A Request that remembers the caller's own signal (undici's copy of it can be collected, losing the abort). */
class CallerSignalRequest extends Request {
  readonly callerSignal: AbortSignal | undefined;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.callerSignal = init?.signal ?? undefined;
  }
}

/** The request openapi-fetch built, as the transport sends it (the body read once, so every attempt can resend it). */
async function outgoing(request: Request): Promise<OutgoingRequest> {
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  return { url: request.url, method: request.method, headers: request.headers, body };
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A Response for openapi-fetch and middleware, over the bytes already read (none for a null-body status). */
function toResponse(received: ReceivedResponse): Response {
  const body = !NULL_BODY_STATUSES.has(received.status) && received.bytes.byteLength > 0 ? received.bytes : null;
  const response = new Response(body, { status: received.status, statusText: received.statusText, headers: received.headers });
  Object.defineProperty(response, 'url', { value: received.url });
  return response;
}

/**
 * Builds the shared core of a vendor client.
 * @throws {TypeError|RangeError} naming the option, for a bad option
 */
export function createClientCore<Paths extends {}, Operations>(options: ClientOptions, config: CoreConfig<Paths, Operations>): ClientCore<Paths, Operations> {
  const settings: ClientSettings = resolveClientSettings(options, config.where);
  const headers = { ...extraHeaders(options.headers, 'headers', config.where), ...config.authHeaders };
  const middleware = options.middleware ?? [];
  const context = (operation: string, signal: AbortSignal | undefined, timeoutMs: number): CallContext => ({
    provider: config.provider,
    operation,
    urlTemplate: (config.routes as Record<string, readonly [Method, string]>)[operation]?.[1], // telemetry's url.template
    secrets: config.secrets,
    fetch: options.fetch,
    timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    signal,
  });

  const raw = createClient<Paths>({
    baseUrl: config.baseUrl,
    headers,
    ...(config.querySerializer ? { querySerializer: config.querySerializer } : {}),
    Request: CallerSignalRequest,
    async fetch(input: Request) {
      const request = input as CallerSignalRequest;
      const signal = request.callerSignal ?? request.signal;
      const operation = `${request.method} ${new URL(request.url).pathname}`;
      const received = await sendWithRetries(await outgoing(request), context(operation, signal, settings.policy.timeoutMs), settings.policy, settings.hooks);
      return toResponse(received);
    },
  });
  if (middleware.length) raw.use(...middleware);

  // Per operation, built once: its request builder, and the context of a call without options.
  const compiled: Record<string, { build: BuildRequest; context: CallContext }> = {};
  for (const [operationId, [method, path]] of Object.entries(config.routes as Record<string, readonly [Method, string]>)) {
    compiled[operationId] = { build: compileRoute(method, config.baseUrl, path, headers, config.querySerializer), context: context(operationId, undefined, settings.policy.timeoutMs) };
  }

  async function call<K extends keyof Operations & string>(operationId: K, init: OperationInit<Operations[K]>, callOptions: RequestOptions | undefined): Promise<Ok<Operations[K]>> {
    let policy = settings.policy;
    let callHeaders: Record<string, string> | undefined;
    const route = compiled[operationId]!;
    let callContext = route.context;
    if (callOptions !== undefined) {
      const resolved = resolveCallSettings(callOptions, settings, operationId);
      resolved.signal?.throwIfAborted();
      ({ policy, headers: callHeaders } = resolved);
      callContext = context(operationId, resolved.signal, policy.timeoutMs);
    }
    const [method, path] = config.routes[operationId] as unknown as readonly [Method, string];
    if (middleware.length === 0) {
      // No middleware to show a Request to: the route's compiled builder, then the transport directly.
      const { params = {}, body } = init as { params?: OperationParams; body?: unknown };
      const received = await sendWithRetries(route.build(params, body, callHeaders), callContext, policy, settings.hooks);
      return bodyOrError<Ok<Operations[K]>>(received, callContext);
    }
    let received: ReceivedResponse | undefined;
    let handedOver: Response | undefined;
    const result = await raw.request(method as never, path as never, {
      ...(init as object),
      headers: callHeaders,
      pathSerializer: insertEncodedPath,
      parseAs: 'stream',
      fetch: async (request: Request) => {
        received = await sendWithRetries(await outgoing(request), callContext, policy, settings.hooks);
        return (handedOver = toResponse(received));
      },
    } as never);
    const response = (result as { response: Response }).response;
    if (received === undefined || response !== handedOver) {
      // Middleware answered or replaced the response: read what it gave.
      received = { status: response.status, statusText: response.statusText, headers: response.headers, url: response.url, bytes: new Uint8Array(await response.arrayBuffer()) };
    }
    return bodyOrError<Ok<Operations[K]>>(received, callContext);
  }

  return { raw, call };
}
