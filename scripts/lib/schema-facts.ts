/** What a schema states, merged over its allOf/anyOf/oneOf branches: the facts the vendor diff compares. */
import { escape, isObject, resolve, type Json, type JsonObject } from './openapi-doc.js';

/** Formats validators know; anything else (`"50"`, `"numeric string (20)"`) is an annotation. */
const KNOWN_FORMATS = new Set(['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'ipv4', 'ipv6', 'hostname', 'byte', 'binary', 'int32', 'int64', 'float', 'double']);

/** What a schema states, merged over its allOf/anyOf/oneOf branches. */
export interface Facts {
  types: Set<string>;
  nullable: boolean;
  formats: Set<string>;
  /** Undefined when some branch of a type is open (no enum). */
  enum: Set<string> | undefined;
  properties: Map<string, { schema: Json; pointer: string }[]>;
  required: Set<string>;
  items: { schema: Json; pointer: string }[];
  additional: { schema: Json; pointer: string }[];
  /** The nodes the facts come from, for the pointers of a difference. */
  pointers: string[];
}

/** The facts of `schema` (at `pointer` in `doc`), following references and composition. */
export function facts(doc: JsonObject, schema: Json | undefined, pointer: string, into?: Facts, depth = 0): Facts {
  const out: Facts = into ?? { types: new Set(), nullable: false, formats: new Set(), enum: new Set(), properties: new Map(), required: new Set(), items: [], additional: [], pointers: [] };
  const { node, pointer: at } = resolve(doc, schema, pointer);
  if (!isObject(node) || depth > 10) return out;
  out.pointers.push(at);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[key];
    if (Array.isArray(branches)) branches.forEach((branch, index) => facts(doc, branch, `${at}/${key}/${index}`, out, depth + 1));
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
    if (Array.isArray(node.enum) && out.enum) node.enum.forEach((value) => value !== null && out.enum!.add(String(value)));
    else if (!Array.isArray(node.enum)) out.enum = undefined;
  }
  if (isObject(node.properties)) {
    for (const [name, sub] of Object.entries(node.properties)) {
      const list = out.properties.get(name) ?? [];
      list.push({ schema: sub, pointer: `${at}/properties/${escape(name)}` });
      out.properties.set(name, list);
    }
  }
  if (Array.isArray(node.required)) node.required.forEach((name) => typeof name === 'string' && out.required.add(name));
  if (node.items !== undefined) out.items.push({ schema: node.items, pointer: `${at}/items` });
  if (isObject(node.additionalProperties)) out.additional.push({ schema: node.additionalProperties, pointer: `${at}/additionalProperties` });
  return out;
}
