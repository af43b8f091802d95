/** What a schema states, merged over its allOf/anyOf/oneOf branches: the facts the vendor diff compares. */
import { escape, isObject, resolve, type Json, type JsonObject } from './openapi-doc.js';

/** Formats validators know; anything else (`"50"`, `"numeric string (20)"`) is an annotation. */
const KNOWN_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'email',
  'uri',
  'uuid',
  'ipv4',
  'ipv6',
  'hostname',
  'byte',
  'binary',
  'int32',
  'int64',
  'float',
  'double',
]);

/** A sub-schema and where it sits; `branch` names the alternatives (`oneOf[1]`) it comes from, if any. */
export interface SubSchema {
  schema: Json;
  pointer: string;
  branch?: string;
  /** For a property: the names its object declares, to pair alternatives by shape. */
  siblings?: string[];
}

/** A `$ref` in a schema position that does not lead to a schema. */
export interface MalformedReference {
  /** Where the `$ref` is written. */
  pointer: string;
  ref: string;
  /** Why it is not a schema, e.g. `a parameter object, not a schema`. */
  reason: string;
  branch?: string;
}

/** What a schema states, merged over its allOf/anyOf/oneOf branches. */
export interface Facts {
  types: Set<string>;
  nullable: boolean;
  formats: Set<string>;
  /** Undefined when some branch of a type is open (no enum). */
  enum: Set<string> | undefined;
  properties: Map<string, SubSchema[]>;
  required: Set<string>;
  items: SubSchema[];
  additional: SubSchema[];
  /** The nodes the facts come from, for the pointers of a difference. */
  pointers: string[];
  /** References that lead nowhere or to something other than a schema (read as "any" otherwise). */
  malformed: MalformedReference[];
}

const NOT_SCHEMAS: Record<string, string> = {
  parameters: 'a parameter object',
  responses: 'a response object',
  requestBodies: 'a request body object',
  headers: 'a header object',
  examples: 'an example object',
  securitySchemes: 'a security scheme',
  links: 'a link object',
  callbacks: 'a callback object',
  paths: 'a path item',
};

/**
 * Why the `$ref` chain starting at `node` does not end at a schema, or undefined when it does
 * (or `node` is no reference). A reference to a parameter, a response, nothing, or another file.
 */
export function malformedReason(doc: JsonObject, node: Json | undefined): string | undefined {
  let current = node;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) return 'not a local reference (not followed)';
    // `#/components/parameters/X` is a parameter; `#/components/parameters/X/schema` is a schema inside one.
    const section = /^#\/components\/([^/]+)\/[^/]+$/.exec(ref)?.[1];
    if (section && NOT_SCHEMAS[section]) return `${NOT_SCHEMAS[section]}, not a schema`;
    const { node: target } = resolve(doc, { $ref: ref }, '');
    if (target === undefined) return 'leads nowhere';
    if (!isObject(target) && typeof target !== 'boolean') return 'not a schema object';
    if (isObject(target) && typeof target.in === 'string' && typeof target.name === 'string')
      return 'a parameter object, not a schema';
    current = target;
  }
  return undefined;
}

/** The facts of `schema` (at `pointer` in `doc`), following references and composition. */
export function facts(
  doc: JsonObject,
  schema: Json | undefined,
  pointer: string,
  into?: Facts,
  depth = 0,
  branch?: string,
): Facts {
  const out: Facts = into ?? {
    types: new Set(),
    nullable: false,
    formats: new Set(),
    enum: new Set(),
    properties: new Map(),
    required: new Set(),
    items: [],
    additional: [],
    pointers: [],
    malformed: [],
  };
  const reason = malformedReason(doc, schema);
  if (reason) {
    out.malformed.push({ pointer, ref: String((schema as JsonObject).$ref), reason, branch });
    out.types.add('any');
    return out;
  }
  const { node, pointer: at } = resolve(doc, schema, pointer);
  if (!isObject(node) || depth > 10) return out;
  out.pointers.push(at);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[key];
    // allOf parts are one schema; anyOf/oneOf parts are alternatives, named in what is found under them.
    const label = (index: number) =>
      key === 'allOf' ? branch : [branch, `${key}[${index}]`].filter(Boolean).join(' ');
    if (Array.isArray(branches))
      branches.forEach((part, index) => facts(doc, part, `${at}/${key}/${index}`, out, depth + 1, label(index)));
  }
  const composed = ['allOf', 'anyOf', 'oneOf'].some((key) => Array.isArray(node[key]));
  let type = typeof node.type === 'string' ? node.type : undefined;
  if (!type && (isObject(node.properties) || node.additionalProperties !== undefined)) type = 'object';
  if (!type && node.items !== undefined) type = 'array';
  if (type) out.types.add(type);
  else if (!composed && !Array.isArray(node.enum)) out.types.add('any');
  if (node.nullable === true) out.nullable = true;
  if (typeof node.format === 'string' && KNOWN_FORMATS.has(node.format)) out.formats.add(node.format);
  if (type || Array.isArray(node.enum)) {
    if (Array.isArray(node.enum) && out.enum)
      node.enum.forEach((value) => value !== null && out.enum!.add(String(value)));
    else if (!Array.isArray(node.enum)) out.enum = undefined;
  }
  if (isObject(node.properties)) {
    const siblings = Object.keys(node.properties);
    for (const [name, sub] of Object.entries(node.properties)) {
      const list = out.properties.get(name) ?? [];
      list.push({ schema: sub, pointer: `${at}/properties/${escape(name)}`, branch, siblings });
      out.properties.set(name, list);
    }
  }
  if (Array.isArray(node.required)) node.required.forEach((name) => typeof name === 'string' && out.required.add(name));
  if (node.items !== undefined) out.items.push({ schema: node.items, pointer: `${at}/items`, branch });
  if (isObject(node.additionalProperties))
    out.additional.push({ schema: node.additionalProperties, pointer: `${at}/additionalProperties`, branch });
  return out;
}
