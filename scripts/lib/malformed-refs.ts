/** Every `$ref` in a schema position of a document that leads to no schema (a parameter, an example, nothing). */
import { escape, isObject, operationsOf, resolve, type Json, type JsonObject } from './openapi-doc.js';
import { malformedReason } from './schema-facts.js';

/** One reference that is not a schema: where it is written, what it says, why. */
export interface MalformedRef {
  pointer: string;
  ref: string;
  reason: string;
}

const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not'];

/**
 * The schema references of `doc` that do not lead to a schema: in parameters, request bodies,
 * responses (of every operation) and `components.schemas`, recursively.
 */
export function malformedSchemaRefs(doc: JsonObject): MalformedRef[] {
  const found = new Map<string, MalformedRef>();
  const seen = new Set<string>();
  const visit = (schema: Json | undefined, pointer: string, depth = 0): void => {
    if (!isObject(schema) || depth > 30) return;
    const reason = malformedReason(doc, schema);
    if (reason) {
      found.set(pointer, { pointer, ref: String(schema.$ref), reason });
      return;
    }
    const { node, pointer: at } = resolve(doc, schema, pointer);
    if (!isObject(node) || seen.has(at)) return;
    seen.add(at);
    for (const key of SUBSCHEMA_LISTS)
      if (Array.isArray(node[key])) node[key].forEach((part, index) => visit(part, `${at}/${key}/${index}`, depth + 1));
    for (const key of SUBSCHEMAS) visit(node[key], `${at}/${key}`, depth + 1);
    if (isObject(node.properties))
      for (const [name, sub] of Object.entries(node.properties))
        visit(sub, `${at}/properties/${escape(name)}`, depth + 1);
  };
  const visitContent = (holder: Json | undefined, pointer: string) => {
    const { node, pointer: at } = resolve(doc, holder, pointer);
    if (!isObject(node) || !isObject(node.content)) return;
    for (const [type, media] of Object.entries(node.content))
      if (isObject(media)) visit(media.schema, `${at}/content/${escape(type)}/schema`);
  };
  for (const operation of operationsOf(doc)) {
    for (const parameter of operation.parameters) visit(parameter.node.schema, `${parameter.pointer}/schema`);
    visitContent(operation.node.requestBody, `${operation.pointer}/requestBody`);
    if (isObject(operation.node.responses))
      for (const [code, response] of Object.entries(operation.node.responses))
        visitContent(response, `${operation.pointer}/responses/${code}`);
  }
  const schemas = isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};
  for (const [name, schema] of Object.entries(schemas)) visit(schema, `/components/schemas/${escape(name)}`);
  return [...found.values()];
}

/**
 * A copy of `doc` in which every `$ref` into a schema inside a parameter, header, response or
 * request body (`#/components/parameters/STREAM_ID/schema`, as CommBox publishes) is replaced by
 * that schema: valid OpenAPI that openapi-typescript turns into a type that does not compile.
 */
export function inlineNestedSchemaRefs(doc: JsonObject): JsonObject {
  const copy = structuredClone(doc);
  const nested = /^#\/components\/(parameters|headers|responses|requestBodies)\/[^/]+\/.+/;
  const walk = (node: Json, depth: number): Json => {
    if (Array.isArray(node)) return node.map((item) => walk(item, depth));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string' && nested.test(node.$ref) && depth < 20) {
      const { node: target } = resolve(copy, node, '');
      if (isObject(target)) return walk(structuredClone(target), depth + 1);
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value, depth)]));
  };
  return walk(copy, 0) as JsonObject;
}
