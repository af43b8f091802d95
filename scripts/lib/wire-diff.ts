/**
 * Changes the TypeScript compiler cannot see: how a parameter is serialized on the wire
 * (`style`, `explode`). The types stay the same, the request a client must send does not.
 */
import { operationsOf, serializationOf, type JsonObject } from './openapi-doc.js';
import type { TypeChange } from './type-diff.js';

/** `style, explode` of every parameter of every operation, by operationId (else `METHOD /path`) then `in name`. */
function serializations(doc: JsonObject): Map<string, Map<string, string>> {
  const found = new Map<string, Map<string, string>>();
  for (const operation of operationsOf(doc)) {
    const key =
      typeof operation.node.operationId === 'string'
        ? operation.node.operationId
        : `${operation.method} ${operation.path}`;
    found.set(key, new Map(operation.parameters.map(({ node }) => [`${node.in} ${node.name}`, serializationOf(node)])));
  }
  return found;
}

/** Every parameter whose serialization changed between two versions of a spec: breaking, as clients must send another form. */
export function diffSerialization(api: string, before: JsonObject, after: JsonObject): TypeChange[] {
  const old = serializations(before);
  const changes: TypeChange[] = [];
  for (const [operation, parameters] of serializations(after)) {
    for (const [where, form] of parameters) {
      const was = old.get(operation)?.get(where);
      if (was !== undefined && was !== form) {
        changes.push({
          api,
          operation,
          where,
          verdict: 'breaking',
          what: `sent as ${form} (was ${was}): same TypeScript type, another wire form`,
        });
      }
    }
  }
  return changes;
}
