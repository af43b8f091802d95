import createClient, {
  createQuerySerializer,
  type Client,
  type FetchOptions,
  type QuerySerializerOptions,
} from 'openapi-fetch';
import { resolveClientSettings, resolveCallSettings, type ClientSettings } from './call-settings.js';
import type { ClientOptions, RequestOptions } from './client-options.js';
import type { Ok } from './operation-types.js';
import { bodyOrError } from './response.js';
import { sendWithRetries } from './retry.js';
import type { RetryPolicy } from './retry-policy.js';
import type { CallContext, OutgoingRequest, ReceivedResponse } from './transport.js';
import { extraHeaders } from './validate.js';
import type { VendorProfile } from './vendor-profile.js';

type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/**
 * Where each operation lives, as `[method, path]`. Checked against the generated types:
 * an entry compiles only if `paths[path][method]` is that operation.
 */
export type OperationRoutes<Paths, Operations> = {
  readonly [K in keyof Operations]: {
    [P in keyof Paths]: {
      [M in keyof Paths[P] & Method]: Paths[P][M] extends Operations[K] ? readonly [M, P] : never;
    }[keyof Paths[P] & Method];
  }[keyof Paths];
};

/** What a facade method hands to `call`: the operation's typed path, query, header and body parameters. */
export type OperationInit<Operation> = Pick<
  FetchOptions<Operation>,
  Extract<keyof FetchOptions<Operation>, 'params' | 'body'>
>;

/** The machinery every vendor shares: one openapi-fetch client, the retrying transport, one place that parses bodies. */
export interface ClientCore<Paths extends {}, Operations> {
  /** The authenticated openapi-fetch client (same auth, retries, timeouts, size cap and redirect rule). */
  raw: Client<Paths>;
  /**
   * Runs one operation, found by its operationId, and resolves to its 2xx JSON body
   * (typed from the generated `operations`), or throws the typed error.
   */
  call<K extends keyof Operations & string>(
    operationId: K,
    init: OperationInit<Operations[K]>,
    options: RequestOptions | undefined,
  ): Promise<Ok<Operations[K]>>;
}

/** What a vendor tells the core about itself. */
export interface CoreConfig<Paths, Operations> {
  /** The vendor's name, error-body reader and rate-limit header reader. */
  vendor: VendorProfile;
  where: string;
  /** The checked base URL (see `checkBaseUrl`). */
  baseUrl: string;
  authHeaders: Record<string, string>;
  secrets: readonly string[];
  routes: OperationRoutes<Paths, Operations>;
  /** How the vendor serializes query arrays and objects (openapi-fetch's options). @default openapi-fetch's (form, exploded) */
  querySerializer?: QuerySerializerOptions;
}

/**
 * openapi-fetch's `pathSerializer` for facade calls: path values are encoded by the facade's
 * validators, so they go in verbatim (a missing one keeps its placeholder, as openapi-fetch does).
 * Each of the client's URL templates is split at its `{name}`s once.
 */
function encodedPathInserter(): (template: string, params: Record<string, unknown>) => string {
  const templates = new Map<string, string[]>();
  return (template, params) => {
    let parts = templates.get(template);
    if (parts === undefined) templates.set(template, (parts = template.split(/\{([^{}]+)\}/)));
    let url = parts[0]!;
    for (let i = 1; i < parts.length; i += 2) {
      const value = params[parts[i]!];
      url += (value === undefined ? `{${parts[i]}}` : String(value)) + parts[i + 1]!;
    }
    return url;
  };
}

/** A Request that remembers the caller's own signal (undici's copy of it can be collected, losing the abort). */
class CallerSignalRequest extends Request {
  readonly callerSignal: AbortSignal | undefined;
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.callerSignal = init?.signal ?? undefined;
  }
}

/**
 * What openapi-fetch builds for a facade call when no middleware will look at it: the URL,
 * method, merged headers and serialized body it computed, kept as they are (a `Request`
 * would copy and validate them again, only for the transport to take them back out).
 * openapi-fetch takes any `Request` class; middleware always gets a real one.
 */
class BuiltRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | null;
  constructor(url: string, init: { method: string; headers: Headers; body?: BodyInit | null }) {
    this.url = url;
    this.method = init.method;
    this.headers = init.headers;
    // openapi-fetch's default body serializer gives JSON text (or nothing); the facades send no other body.
    if (init.body != null && typeof init.body !== 'string') throw new TypeError('a facade call sends only JSON bodies');
    this.body = init.body ?? null;
  }
}

/** A real Request openapi-fetch built, as the transport sends it (its body read once, so every attempt can resend it). */
async function outgoing(request: Request): Promise<OutgoingRequest> {
  const body = request.body === null ? null : new Uint8Array(await request.arrayBuffer());
  return { url: request.url, method: request.method, headers: request.headers, body };
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** A Response for `raw` callers and middleware, over the bytes already read (none for a null-body status). */
function toResponse(received: ReceivedResponse): Response {
  const body = !NULL_BODY_STATUSES.has(received.status) && received.bytes.byteLength > 0 ? received.bytes : null;
  const response = new Response(body, {
    status: received.status,
    statusText: received.statusText,
    headers: received.headers,
  });
  Object.defineProperty(response, 'url', { value: received.url });
  return response;
}

let handedOver: Response | undefined;

/**
 * What openapi-fetch gets back for a facade call that no middleware sees: one body-less 204, made once
 * and reused (nobody reads it: the unwrap reads the transport's status, bytes and headers). For a 204
 * openapi-fetch returns at once, with no body to read or wait for, so the one pipeline costs no Response
 * copy per call.
 */
function statusOnly(): Response {
  return (handedOver ??= new Response(null, { status: 204 }));
}

/** One facade call's context and policy, and what its transport received and handed to openapi-fetch. */
interface CallState {
  context: CallContext;
  policy: RetryPolicy;
  received: ReceivedResponse | undefined;
  handedOver: Response | undefined;
}

const encoder = new TextEncoder();

/**
 * A response middleware answered or replaced, as the unwrap reads it: a 2xx body from its stream
 * (openapi-fetch left it unread), an error body as openapi-fetch already read it (text, or its JSON).
 */
async function readResponse(result: { response: Response; error?: unknown }): Promise<ReceivedResponse> {
  const { response } = result;
  const head = {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    url: response.url,
  };
  if (response.ok) return { ...head, bytes: new Uint8Array(await response.arrayBuffer()) };
  const { error } = result;
  const text = error === undefined ? '' : typeof error === 'string' ? error : JSON.stringify(error);
  return { ...head, bytes: encoder.encode(text) as Uint8Array<ArrayBuffer> };
}

/**
 * Builds the shared core of a vendor client. One pipeline for every request, `raw` or facade:
 * openapi-fetch builds it (URL, query, headers, body, middleware) and hands it to the
 * retrying transport as its `fetch`; a facade call's result is unwrapped in one place
 * (`bodyOrError`), from the bytes the transport read.
 * @throws {TypeError|RangeError} naming the option, for a bad option
 */
export function createClientCore<Paths extends {}, Operations>(
  options: ClientOptions,
  config: CoreConfig<Paths, Operations>,
): ClientCore<Paths, Operations> {
  const settings: ClientSettings = resolveClientSettings(options, config.where);
  const headers = { ...extraHeaders(options.headers, 'headers', config.where), ...config.authHeaders };
  const middleware = options.middleware ?? [];
  const { vendor } = config;
  const context = (operation: string, signal: AbortSignal | undefined, timeoutMs: number): CallContext => ({
    provider: vendor.provider,
    vendor,
    operation,
    urlTemplate: (config.routes as Record<string, readonly [Method, string]>)[operation]?.[1], // telemetry's url.template
    secrets: config.secrets,
    fetch: options.fetch,
    timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    signal,
  });
  // A BuiltRequest is sent as it is, at once (no promise to wait for in between).
  const send = (
    request: Request | BuiltRequest,
    callContext: CallContext,
    policy: RetryPolicy,
  ): Promise<ReceivedResponse> =>
    request instanceof BuiltRequest
      ? sendWithRetries(request, callContext, policy, settings.hooks)
      : outgoing(request).then((built) => sendWithRetries(built, callContext, policy, settings.hooks));

  const raw = createClient<Paths>({
    baseUrl: config.baseUrl,
    headers,
    ...(config.querySerializer ? { querySerializer: config.querySerializer } : {}),
    Request: CallerSignalRequest,
    async fetch(input: Request) {
      const request = input as CallerSignalRequest;
      const signal = request.callerSignal ?? request.signal;
      const operation = `${request.method} ${new URL(request.url).pathname}`;
      return toResponse(await send(request, context(operation, signal, settings.policy.timeoutMs), settings.policy));
    },
  });
  if (middleware.length) raw.use(...middleware);

  // Per operation, built once: its route, and the context of a call without options.
  const routes = config.routes as unknown as Record<string, readonly [Method, string]>;
  const plainContexts: Record<string, CallContext> = {};
  for (const operationId of Object.keys(routes))
    plainContexts[operationId] = context(operationId, undefined, settings.policy.timeoutMs);

  // The facade's calls go through openapi-fetch too, configured for them: path values verbatim (the
  // validators encoded them) and, when no middleware looks, no Request copy and no Response body.
  const calls = createClient<Paths>({
    baseUrl: config.baseUrl,
    headers,
    // Built once (openapi-fetch would build it from the options on every call).
    querySerializer: createQuerySerializer(config.querySerializer),
    pathSerializer: encodedPathInserter(),
    Request: middleware.length ? Request : (BuiltRequest as unknown as typeof Request),
    fetch: (request: Request) => {
      // openapi-fetch calls its fetch synchronously when no middleware runs: the call that just started is this one.
      const state = starting;
      starting = undefined;
      if (state === undefined) throw new Error('conversations-client: openapi-fetch sent a facade request late');
      return transmit(request, state);
    },
  });
  if (middleware.length) calls.use(...middleware);
  /** The facade call whose request openapi-fetch is building right now (set and cleared around its synchronous part). */
  let starting: CallState | undefined;
  /** The facade call's attempts, and what openapi-fetch (and middleware) get back. */
  const transmit = async (request: Request, state: CallState): Promise<Response> => {
    state.received = await send(request, state.context, state.policy);
    return (state.handedOver = middleware.length ? toResponse(state.received) : statusOnly());
  };
  type Send = (path: string, options: unknown) => Promise<{ response: Response; error?: unknown }>;
  // openapi-fetch's own method per operation (its GET, POST…), found once.
  const sends: Record<string, Send> = {};
  for (const [operationId, [method]] of Object.entries(routes))
    sends[operationId] = (calls as unknown as Record<string, Send>)[method.toUpperCase()]!;

  async function call<K extends keyof Operations & string>(
    operationId: K,
    init: OperationInit<Operations[K]>,
    callOptions: RequestOptions | undefined,
  ): Promise<Ok<Operations[K]>> {
    const state: CallState = {
      context: plainContexts[operationId]!,
      policy: settings.policy,
      received: undefined,
      handedOver: undefined,
    };
    let callHeaders: Record<string, string> | undefined;
    if (callOptions !== undefined) {
      const resolved = resolveCallSettings(callOptions, settings, operationId);
      resolved.signal?.throwIfAborted();
      state.policy = resolved.policy;
      callHeaders = resolved.headers;
      // The caller's signal stays in the context (handed to each attempt's fetch), never inside a Request.
      state.context = context(operationId, resolved.signal, resolved.policy.timeoutMs);
    }
    const path = routes[operationId]![1];
    const { params, body } = init as { params?: unknown; body?: unknown };
    // Only the fields that are set: openapi-fetch copies the options object field by field, twice.
    const fetchOptions: Record<string, unknown> = { params };
    if (body !== undefined) fetchOptions.body = body;
    if (callHeaders !== undefined) fetchOptions.headers = callHeaders;
    let sent: Promise<{ response: Response; error?: unknown }>;
    if (middleware.length) {
      // Middleware sees real Requests, may hand on one of its own, and should never find the call's state
      // (its context lists the secrets) on them: the call's own fetch carries the state. A 2xx body a
      // middleware gives stays unread by openapi-fetch (`stream`): `readResponse` reads it.
      fetchOptions.parseAs = 'stream';
      fetchOptions.fetch = (request: Request) => transmit(request, state);
      sent = sends[operationId]!(path, fetchOptions);
    } else {
      // The state goes to the client's fetch directly: openapi-fetch calls it before returning its promise.
      starting = state;
      try {
        sent = sends[operationId]!(path, fetchOptions);
      } finally {
        starting = undefined;
      }
    }
    const result = await sent;
    // Middleware answered or replaced the response: read what it gave.
    const received =
      state.received !== undefined && result.response === state.handedOver
        ? state.received
        : await readResponse(result);
    return bodyOrError<Ok<Operations[K]>>(received, state.context);
  }

  return { raw, call };
}
