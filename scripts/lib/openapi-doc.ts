/** Reading OpenAPI documents as plain JSON: local references, JSON pointers, operations, parameter serialization. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** True for a JSON object (not an array, not null). */
export const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** One JSON pointer segment (`/` → `~1`, `~` → `~0`). */
export const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows a local reference (`#/…`); undefined when it leads nowhere. */
export function follow(doc: JsonObject, ref: string): Json | undefined {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json | undefined>(
      (node, key) => (isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined),
      doc,
    );
}

/** A node with its `$ref` chain followed, and the pointer it ends at. */
export function resolve(
  doc: JsonObject,
  node: Json | undefined,
  pointer: string,
): { node: Json | undefined; pointer: string } {
  let current = node;
  let at = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) {
    at = current.$ref.replace(/^#/, '');
    current = follow(doc, current.$ref);
  }
  return { node: current, pointer: at };
}

/** One operation of a document, its parameters resolved (path-level ones included, `x-internal` ones left out). */
export interface Operation {
  method: string;
  path: string;
  node: JsonObject;
  pointer: string;
  parameters: { node: JsonObject; pointer: string }[];
}

/** Every operation of a document, in path order. */
export function operationsOf(doc: JsonObject): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    const itemPointer = `/paths/${escape(path)}`;
    const shared = Array.isArray(item.parameters)
      ? item.parameters.map((parameter, index) => ({ raw: parameter, pointer: `${itemPointer}/parameters/${index}` }))
      : [];
    for (const method of METHODS) {
      const node = item[method];
      if (!isObject(node)) continue;
      const pointer = `${itemPointer}/${method}`;
      const own = Array.isArray(node.parameters)
        ? node.parameters.map((parameter, index) => ({ raw: parameter, pointer: `${pointer}/parameters/${index}` }))
        : [];
      const parameters = [...shared, ...own]
        .map(({ raw, pointer: at }) => {
          const resolved = resolve(doc, raw, at);
          return { node: resolved.node as JsonObject, pointer: resolved.pointer };
        })
        .filter(
          ({ node: parameter }) =>
            isObject(parameter) && typeof parameter.name === 'string' && parameter['x-internal'] !== true,
        );
      found.push({ method: method.toUpperCase(), path, node, pointer, parameters });
    }
  }
  return found;
}

/** How a parameter is sent: `style, explode …`, with OpenAPI's defaults. */
export function serializationOf(parameter: JsonObject): string {
  const style =
    typeof parameter.style === 'string'
      ? parameter.style
      : parameter.in === 'query' || parameter.in === 'cookie'
        ? 'form'
        : 'simple';
  const explode = typeof parameter.explode === 'boolean' ? parameter.explode : style === 'form';
  return `${style}, explode ${explode}`;
}
