import { createQuerySerializer, type QuerySerializerOptions } from 'openapi-fetch';
import type { OutgoingRequest } from './transport.js';

/** An operation's typed parameters, as `call` receives them. */
export interface OperationParams {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
}

/** Builds the request of one operation from its parameters. */
export type BuildRequest = (params: OperationParams, body: unknown, callHeaders: Record<string, string> | undefined) => OutgoingRequest;

const PATH_PARAM = /\{([^{}]+)\}/;

/** Header sets merged as openapi-fetch merges them (later wins, names case-insensitive, null/undefined dropped), into a plain object. */
export function mergeHeaderObjects(...sets: (Record<string, unknown> | undefined)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const set of sets) {
    if (!set) continue;
    for (const name in set) {
      const value = set[name];
      if (value !== undefined && value !== null) out[name.toLowerCase()] = String(value);
    }
  }
  return out;
}

/**
 * Compiles one route once (its path split at `{name}` placeholders) into a function that
 * builds the request per call by concatenation: path values verbatim (the facade's
 * validators have already encoded them; a missing one leaves its placeholder, as
 * openapi-fetch does), the query through openapi-fetch's serializer with the vendor's
 * options, and the client's headers object reused as is when the call adds none.
 */
export function compileRoute(
  method: string,
  baseUrl: string,
  path: string,
  clientHeaders: Record<string, string>,
  querySerializer: QuerySerializerOptions | undefined,
): BuildRequest {
  const upper = method.toUpperCase();
  // Literal text at even indexes, placeholder names at odd ones.
  const parts = path.split(PATH_PARAM);
  const serializeQuery = createQuerySerializer(querySerializer);
  const plainHeaders = mergeHeaderObjects(clientHeaders);
  const jsonHeaders = mergeHeaderObjects({ 'content-type': 'application/json' }, clientHeaders);

  return (params, body, callHeaders) => {
    let url = baseUrl;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const value = i % 2 ? params.path?.[part] : part;
      url += value === undefined || value === null ? `{${part}}` : String(value);
    }
    if (params.query) {
      const search = serializeQuery(params.query); // `a=1&b=2`, never a leading `?`
      if (search) url += `?${search}`;
    }
    const json = body === undefined ? null : JSON.stringify(body);
    const base = json === null ? plainHeaders : jsonHeaders;
    const headers = callHeaders === undefined && params.header === undefined ? base : mergeHeaderObjects(base, callHeaders, params.header);
    return { url, method: upper, headers, body: json };
  };
}
