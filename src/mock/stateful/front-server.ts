import { delay } from '../../core/abort.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { decideFault, type FaultOptions } from './faults.js';
import type { Random } from './random.js';
import { compileRoutes, matchRoute } from './router.js';
import { DEFAULT_SCENARIO, formatPrefer, parsePrefer } from './scenario.js';
import type { OperationCall, OperationExamples, Reply, StatefulApi } from './types.js';

/** The documented control path: `POST {mock}/__mock/reset[?scenario=NAME]` drops the state. */
export const RESET_PATH = '/__mock/reset';

export interface FrontServerOptions {
  /** Where Prism listens (loopback, a free port). */
  prismUrl: string;
  examples: OperationExamples[];
  state: StatefulApi;
  faults: FaultOptions;
  random: Random;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
]);

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request
      .on('data', (chunk: Buffer) => chunks.push(chunk))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

function lowerCaseHeaders(request: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name.toLowerCase(),
      Array.isArray(value) ? value.join(', ') : value,
    ]),
  );
}

/**
 * CORS that works for credentialed requests: the request's origin echoed with
 * `allow-credentials` (browsers refuse `*` with credentials); no origin, no CORS headers.
 */
function corsHeaders(request: IncomingMessage): Record<string, string> {
  const origin = request.headers.origin;
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET,HEAD,POST,OPTIONS',
    'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
    vary: 'origin',
  };
}

/** Prism's own CORS headers (`*` with credentials), replaced by {@link corsHeaders}. */
function withoutPrismCors(headers: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(headers))
    if (name.startsWith('access-control-') || name === 'vary') delete headers[name];
  return headers;
}

function sendJson(response: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = JSON.stringify(body);
  response
    .writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
    .end(text);
}

/**
 * The stateful layer: an HTTP server in front of Prism. Prism validates every request and
 * supplies the examples; this layer adds latency and failures, then answers the read and
 * mark-read operations from the scenario's state (see vendor-apis.ts, inbox-api.ts).
 */
export function createFrontServer(options: FrontServerOptions): Server {
  const routes = compileRoutes(options.examples);
  const { state } = options;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const head = (request.method ?? 'GET').toUpperCase() === 'HEAD';
    // HEAD is GET without the body, as the handler answers it (Prism knows only the spec's GET).
    const method = head ? 'GET' : (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://mock');
    const headers = lowerCaseHeaders(request);
    const body = await readBody(request);

    if (url.pathname.startsWith('/__mock/')) {
      if (method === 'OPTIONS') return void response.writeHead(204, corsHeaders(request)).end();
      if (url.pathname === RESET_PATH && method === 'POST') {
        state.reset(url.searchParams.get('scenario') ?? undefined);
        return void response.writeHead(204, corsHeaders(request)).end();
      }
      return sendJson(response, 404, corsHeaders(request), {
        error: `Unknown mock control ${method} ${url.pathname}; try POST ${RESET_PATH}`,
      });
    }

    let decision: ReturnType<typeof decideFault>;
    try {
      decision =
        method === 'OPTIONS'
          ? { delayMs: 0, fault: { kind: 'none' } }
          : decideFault(options.random, options.faults, headers);
    } catch (error) {
      return sendJson(response, 400, corsHeaders(request), { error: (error as Error).message });
    }
    if (decision.delayMs > 0) await delay(decision.delayMs);
    if (decision.fault.kind === 'drop') return void request.socket.destroy();

    const prefer = parsePrefer(headers.prefer);
    const scenario = url.searchParams.get('scenario') ?? prefer.get('example') ?? DEFAULT_SCENARIO;
    url.searchParams.delete('scenario');
    const matched = matchRoute(routes, method, url.pathname);
    if (matched && state.knows(scenario)) {
      // Prism only knows each operation's own examples: ask it for this one's when it has it, else for its default.
      if (matched.operation.success.has(scenario)) prefer.set('example', scenario);
      else prefer.delete('example');
    }
    if (decision.fault.kind === 'status') {
      prefer.delete('example');
      prefer.set('code', String(decision.fault.status));
    }
    const forwardHeaders = Object.fromEntries(
      Object.entries(headers).filter(
        ([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && name !== 'prefer',
      ),
    ) as Record<string, string>;
    const forwardPrefer = formatPrefer(prefer);
    if (forwardPrefer) forwardHeaders.prefer = forwardPrefer;

    const answer = await fetch(`${options.prismUrl}${url.pathname}${url.search}`, {
      method,
      headers: forwardHeaders,
      body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : new Uint8Array(body),
      redirect: 'manual',
    });
    const text = await answer.text();
    const replyHeaders: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) replyHeaders[name] = value;
    });
    if (decision.fault.kind === 'status' && decision.fault.status === 429) {
      replyHeaders['retry-after'] = String(decision.fault.retryAfterSeconds);
      Object.assign(replyHeaders, state.rateLimitHeaders?.(decision.fault.retryAfterSeconds));
    }

    let reply: Reply;
    if (matched && answer.ok && !prefer.has('code') && state.knows(scenario)) {
      const call: OperationCall = {
        operation: matched.operation,
        scenario,
        operationId: matched.operation.operationId,
        method,
        path: matched.operation.path,
        params: matched.params,
        query: url.searchParams,
        headers,
        body: body.length ? safeJson(body.toString('utf8')) : undefined,
        prismBody: (safeJson(text) ?? {}) as OperationCall['prismBody'],
        explicitExample: matched.operation.success.has(scenario),
        now: state.now(),
      };
      reply = state.reply(call);
    }
    const exposed = [...Object.keys(withoutPrismCors(replyHeaders)), ...Object.keys(reply?.headers ?? {})].filter(
      (name) => !name.startsWith('content-'),
    );
    Object.assign(replyHeaders, corsHeaders(request));
    // Named, not `*`: with credentials a browser reads `*` as a header's name.
    if (request.headers.origin && exposed.length)
      replyHeaders['access-control-expose-headers'] = [...new Set(exposed)].join(', ');
    if (reply?.body === undefined && reply) {
      delete replyHeaders['content-type'];
      return void response.writeHead(reply.status, { ...replyHeaders, ...reply.headers }).end();
    }
    if (head) {
      const length = reply ? Buffer.byteLength(JSON.stringify(reply.body)) : Buffer.byteLength(text);
      const headers = reply ? { ...replyHeaders, ...reply.headers, 'content-type': 'application/json' } : replyHeaders;
      return void response.writeHead(reply?.status ?? answer.status, { ...headers, 'content-length': length }).end();
    }
    if (reply) return sendJson(response, reply.status, { ...replyHeaders, ...reply.headers }, reply.body);
    response.writeHead(answer.status, replyHeaders).end(text);
  }

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 502, corsHeaders(request), {
          error: `The mock failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      else response.destroy();
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
