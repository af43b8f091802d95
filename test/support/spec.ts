import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Loads one of our OpenAPI documents as plain JSON. */
export function loadSpec(name: 'commbox' | 'cometchat'): JsonObject {
  return parse(readFileSync(new URL(`../../openapi/${name}.yaml`, import.meta.url), 'utf8')) as JsonObject;
}

/** Follows a local `#/…` reference inside `doc`. */
export function resolvePointer(doc: JsonObject, ref: string): Json {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json>((node, key) => (node as JsonObject)[key] as Json, doc);
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OAS 3.0 `nullable: true` as JSON Schema: `null` joins the allowed types. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/** One Ajv per document, holding it once; each compiled validator is kept by its pointer. */
const compiled = new WeakMap<JsonObject, { ajv: Ajv; validators: Map<string, ValidateFunction> }>();

/**
 * A validator for the schema at `pointer` (e.g. `#/components/schemas/X`) of `doc`. The document is
 * converted and added to Ajv once, and a pointer compiled once: do not change `doc` after the first call.
 */
export function schemaValidator(doc: JsonObject, pointer: string): ValidateFunction {
  let entry = compiled.get(doc);
  if (entry === undefined) {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema(toJsonSchema(doc) as object, 'spec.json');
    entry = { ajv, validators: new Map() };
    compiled.set(doc, entry);
  }
  let validate = entry.validators.get(pointer);
  if (validate === undefined) {
    validate = entry.ajv.compile({ $ref: `spec.json${pointer}` });
    entry.validators.set(pointer, validate);
  }
  return validate;
}

export interface MediaExample {
  /** Where the example stands, e.g. `GET /users/{uid}/conversation 200 groupConversation`. */
  label: string;
  /** JSON pointer of the media type's schema. */
  schemaPointer: string;
  value: Json;
}

/** Every response example of the document, named or single, with its schema. */
export function responseExamples(doc: JsonObject): MediaExample[] {
  const found: MediaExample[] = [];
  const visitResponse = (response: JsonObject, pointer: string, label: string): void => {
    if (typeof response.$ref === 'string') {
      visitResponse(resolvePointer(doc, response.$ref) as JsonObject, response.$ref, label);
      return;
    }
    for (const [mediaType, media] of Object.entries((response.content ?? {}) as JsonObject)) {
      if (!isObject(media)) continue;
      const schemaPointer = `${pointer}/content/${mediaType.replace(/\//g, '~1')}/schema`;
      if (media.example !== undefined) found.push({ label, schemaPointer, value: media.example });
      for (const [name, example] of Object.entries((media.examples ?? {}) as JsonObject)) {
        found.push({ label: `${label} ${name}`, schemaPointer, value: (example as JsonObject).value as Json });
      }
    }
  };
  for (const [path, item] of Object.entries(doc.paths as JsonObject)) {
    for (const [method, operation] of Object.entries(item as JsonObject)) {
      const responses = (operation as JsonObject).responses as JsonObject;
      for (const [status, response] of Object.entries(responses)) {
        const pointer = `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}`;
        visitResponse(response as JsonObject, pointer, `${method.toUpperCase()} ${path} ${status}`);
      }
    }
  }
  return found;
}

/**
 * The paths of properties in `value` that no branch of `schema` declares:
 * an example field the spec does not know about.
 */
export function undeclaredProperties(doc: JsonObject, schema: Json, value: Json, at = '$'): string[] {
  const branches = flatten(doc, schema);
  if (Array.isArray(value)) {
    const items = branches.map((branch) => branch.items).filter((items): items is Json => items !== undefined);
    if (items.length === 0) return [];
    return value.flatMap((item, index) => undeclaredProperties(doc, { anyOf: items }, item, `${at}[${index}]`));
  }
  if (!isObject(value)) return [];
  const declared = new Map<string, Json[]>();
  const open: Json[] = [];
  let freeForm = branches.length === 0;
  for (const branch of branches) {
    for (const [key, sub] of Object.entries((branch.properties ?? {}) as JsonObject)) {
      declared.set(key, [...(declared.get(key) ?? []), sub]);
    }
    if (isObject(branch.additionalProperties)) open.push(branch.additionalProperties);
    if (branch.type === 'object' && branch.properties === undefined && branch.additionalProperties === undefined) {
      freeForm = true;
    }
  }
  return Object.entries(value).flatMap(([key, child]) => {
    const subs = declared.get(key) ?? open;
    if (subs.length === 0) return freeForm ? [] : [`${at}.${key}`];
    return undeclaredProperties(doc, { anyOf: subs }, child, `${at}.${key}`);
  });
}

function flatten(doc: JsonObject, schema: Json): JsonObject[] {
  if (!isObject(schema)) return [];
  if (typeof schema.$ref === 'string') return flatten(doc, resolvePointer(doc, schema.$ref));
  const nested = ['allOf', 'anyOf', 'oneOf'].flatMap((key) =>
    Array.isArray(schema[key]) ? (schema[key] as Json[]).flatMap((sub) => flatten(doc, sub)) : [],
  );
  return [schema, ...nested];
}
