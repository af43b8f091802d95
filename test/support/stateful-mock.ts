import type { MockedApi } from '../../src/mock/start-mock-servers.js';
import { MOCK_VENDORS } from '../../src/vendors/mock-vendors.js';
import { compileRoutes, matchRoute } from '../../src/mock/stateful/router.js';
import { DEFAULT_SCENARIO, parsePrefer } from '../../src/mock/stateful/scenario.js';
import { MockState } from '../../src/mock/stateful/state.js';
import type { OperationCall, OperationExamples } from '../../src/mock/stateful/types.js';
import { loadSpec, resolvePointer, type Json } from './spec.js';

/** Options of `statefulMock`, as `startMockServers` takes them. */
export interface StatefulMockOptions {
  /** @default 1 */
  seed?: number;
  /** The default scenario serves generated data. @default false */
  dynamic?: boolean;
  /** @default Date.now */
  clock?: () => number;
}

/** The mock's stateful layer in this process: a `fetch` per API and the state behind them. */
export interface StatefulMock {
  commbox: typeof fetch;
  cometchat: typeof fetch;
  state: MockState;
}

type JsonObject = { [key: string]: Json };
const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const follow = (doc: JsonObject, node: Json): JsonObject => {
  const object = node as JsonObject;
  return typeof object.$ref === 'string' ? follow(doc, resolvePointer(doc, object.$ref)) : object;
};

/**
 * Every operation's response examples, as Prism reads them for the mock (`operationExamples`):
 * by status, then name in spec order; a lone `example` is named `default`. Read from the YAML
 * here, because loading Prism's parser costs seconds.
 */
export function specOperationExamples(api: MockedApi): OperationExamples[] {
  const doc = loadSpec(api);
  const operations: OperationExamples[] = [];
  for (const [path, item] of Object.entries(doc.paths as JsonObject)) {
    for (const [method, node] of Object.entries(item as JsonObject)) {
      if (!METHODS.has(method)) continue;
      const operation = node as JsonObject;
      const success = new Map<string, unknown>();
      const errors = new Map<string, Map<string, unknown>>();
      for (const [code, response] of Object.entries((operation.responses ?? {}) as JsonObject)) {
        const named = code.startsWith('2') ? success : errors.set(code, errors.get(code) ?? new Map()).get(code)!;
        for (const media of Object.values((follow(doc, response).content ?? {}) as JsonObject)) {
          const { example, examples } = media as JsonObject;
          if (example !== undefined && !named.has('default')) named.set('default', example);
          for (const [name, value] of Object.entries((examples ?? {}) as JsonObject))
            if (!named.has(name)) named.set(name, follow(doc, value).value);
        }
      }
      operations.push({
        operationId: typeof operation.operationId === 'string' ? operation.operationId : `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        success,
        errors,
      });
    }
  }
  return operations;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  });

/**
 * What `startMockServers` answers, without Prism's server or a socket: the same state
 * (`MockState`, the generators) and the same routes (`state.api(id)`), behind an injectable `fetch`.
 * Where the mock lets Prism's answer stand, this answers the operation's example as Prism does
 * (the one the scenario names, else the first). Neither Prism's parser nor its request validation
 * runs: tests of what a request may be use the real mock.
 */
export function statefulMock(options: StatefulMockOptions = {}): StatefulMock {
  const examples = { commbox: specOperationExamples('commbox'), cometchat: specOperationExamples('cometchat') };
  const state = new MockState({
    vendors: MOCK_VENDORS,
    seed: options.seed ?? 1,
    clock: options.clock ?? Date.now,
    dynamic: options.dynamic ?? false,
    examples,
  });
  const fetchOf = (api: MockedApi): typeof fetch => {
    const routes = compileRoutes(examples[api]);
    const stateful = state.api(api);
    return async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const scenario =
        url.searchParams.get('scenario') ?? parsePrefer(headers.prefer).get('example') ?? DEFAULT_SCENARIO;
      url.searchParams.delete('scenario');
      const matched = matchRoute(routes, request.method.toUpperCase(), url.pathname);
      if (!matched) return json(404, { error: `no operation ${request.method} ${url.pathname}` });
      const text = await request.text();
      const prismBody = exampleFor(matched.operation, scenario);
      const call: OperationCall = {
        operation: matched.operation,
        scenario,
        operationId: matched.operation.operationId,
        method: request.method.toUpperCase(),
        path: matched.operation.path,
        params: matched.params,
        query: url.searchParams,
        headers,
        body: text ? JSON.parse(text) : undefined,
        prismBody: prismBody as OperationCall['prismBody'],
        explicitExample: matched.operation.success.has(scenario),
        now: state.now(),
      };
      const reply = stateful.knows(scenario) ? stateful.reply(call) : undefined;
      return reply ? json(reply.status, reply.body, reply.headers) : json(200, prismBody);
    };
  };
  return { commbox: fetchOf('commbox'), cometchat: fetchOf('cometchat'), state };
}

/** Prism's 2xx answer: the example the scenario names, else the operation's first. */
function exampleFor(operation: OperationExamples, scenario: string): unknown {
  return structuredClone(operation.success.get(scenario) ?? operation.success.values().next().value ?? {});
}
