/**
 * Changes the TypeScript compiler cannot see: how a parameter is serialized on the wire
 * (`style`, `explode`). The types stay the same, the request a client must send does not.
 */
import type { TypeChange } from './type-diff.js';
import type { Json, JsonObject } from './vendor-diff.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function follow(doc: JsonObject, node: Json | undefined): Json | undefined {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<Json | undefined>((at, key) => (isObject(at) ? at[key] : undefined), doc);
  }
  return current;
}

/** `style, explode` of every parameter of every operation, by operationId then `in name`. */
function serializations(doc: JsonObject): Map<string, Map<string, string>> {
  const found = new Map<string, Map<string, string>>();
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation) || typeof operation.operationId !== 'string') continue;
      const parameters = new Map<string, string>();
      for (const raw of [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])]) {
        const parameter = follow(doc, raw);
        if (!isObject(parameter) || parameter['x-internal'] === true) continue;
        const style = typeof parameter.style === 'string' ? parameter.style : parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple';
        const explode = typeof parameter.explode === 'boolean' ? parameter.explode : style === 'form';
        parameters.set(`${parameter.in} ${parameter.name}`, `${style}, explode ${explode}`);
      }
      found.set(operation.operationId, parameters);
    }
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
        changes.push({ api, operation, where, verdict: 'breaking', what: `sent as ${form} (was ${was}): same TypeScript type, another wire form` });
      }
    }
  }
  return changes;
}
