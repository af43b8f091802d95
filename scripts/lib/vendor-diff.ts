/**
 * Differences between a vendor's published OpenAPI document and our normalized spec, for
 * the operations both describe (matched by method and path, or an alias of deviations.yaml):
 * parameters and fields one side has and the other lacks, types, formats, nullability,
 * enums, required flags and parameter styles. Each difference is located by a JSON pointer
 * into our spec (after following `$ref`s), so deviations.yaml can explain it.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The kinds of difference, from the vendor document's point of view. */
export type DifferenceKind =
  | 'vendor-only-parameter'
  | 'ours-only-parameter'
  | 'vendor-only-property'
  | 'ours-only-property'
  | 'vendor-only-response'
  | 'vendor-only-body'
  | 'type'
  | 'format'
  | 'nullable'
  | 'enum'
  | 'required'
  | 'style';

/** One difference between the vendor's document and ours. */
export interface Difference {
  /** Our API (a key of redocly.yaml) and operationId. */
  api: string;
  operation: string;
  kind: DifferenceKind;
  /** JSON pointers into our spec: where the difference sits, and the node it resolves to. */
  ours: string[];
  /** The parameter, property or response code, for the `*-only-*` and `required` kinds. */
  name?: string;
  /** JSON pointer into the vendor's document. */
  vendor: string;
  /** What the vendor's document states (e.g. `integer`, `date-time`, `not nullable`). */
  vendorSays: string;
  /** What ours states. */
  oursSays: string;
}

/** One API of ours, parsed. */
export interface OurApi {
  name: string;
  doc: JsonObject;
}

/** An alias: our operation is the vendor's operation at another path (e.g. v2 vs v1). */
export interface OperationAlias {
  api: string;
  /** `GET /v2/users/identities/{USER_IDENTITY_ID}/objects` */
  ours: string;
  /** `GET /users/identities/{USER_IDENTITY_ID}/objects` */
  vendor: string;
}

/** The operations matched, and the differences found. */
export interface VendorDiff {
  matched: { api: string; operation: string; ours: string; vendor: string }[];
  differences: Difference[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Formats validators know; anything else (`"50"`, `"numeric string (20)"`) is an annotation. */
const KNOWN_FORMATS = new Set(['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'ipv4', 'ipv6', 'hostname', 'byte', 'binary', 'int32', 'int64', 'float', 'double']);

const isObject = (value: Json | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
const samePath = (path: string) => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');

/** Follows a local reference (`#/…`); undefined when it leads nowhere. */
function follow(doc: JsonObject, ref: string): Json | undefined {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<Json | undefined>((node, key) => (isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined), doc);
}

/** A node with its `$ref` chain followed, and the pointer it ends at. */
function resolve(doc: JsonObject, node: Json | undefined, pointer: string): { node: Json | undefined; pointer: string } {
  let current = node;
  let at = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 20; hops++) {
    at = current.$ref.replace(/^#/, '');
    current = follow(doc, current.$ref);
  }
  return { node: current, pointer: at };
}

/** What a schema states, merged over its allOf/anyOf/oneOf branches. */
interface Facts {
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

function facts(doc: JsonObject, schema: Json | undefined, pointer: string, into?: Facts, depth = 0): Facts {
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

const show = (values: Iterable<string>) => [...values].sort().join(' | ') || 'nothing';

/** Compares the schemas of one operation; `push` receives each difference. */
class SchemaComparer {
  private readonly seen = new Set<string>();

  constructor(
    private readonly vendorDoc: JsonObject,
    private readonly ourDoc: JsonObject,
    private readonly push: (difference: Omit<Difference, 'api' | 'operation'>) => void,
  ) {}

  /** Every difference between two schemas, recursively (properties, items, additionalProperties). */
  compare(vendor: Json | undefined, vendorPointer: string, ours: Json | undefined, oursPointer: string): void {
    const key = `${vendorPointer}|${oursPointer}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const v = facts(this.vendorDoc, vendor, vendorPointer);
    const o = facts(this.ourDoc, ours, oursPointer);
    // Where it is referenced, then the node it resolves to, then its branches.
    const at = [oursPointer, ...o.pointers];
    const vendorAt = v.pointers[0] ?? vendorPointer;
    if (o.types.has('any')) return; // ours is free-form: it takes whatever the vendor sends
    const vendorTypes = new Set([...v.types].filter((type) => type !== 'any'));
    if (vendorTypes.size > 0 && show(vendorTypes) !== show(o.types)) {
      this.push({ kind: 'type', ours: at, vendor: vendorAt, vendorSays: show(vendorTypes), oursSays: show(o.types) });
    }
    if (v.nullable !== o.nullable) {
      this.push({ kind: 'nullable', ours: at, vendor: vendorAt, vendorSays: v.nullable ? 'nullable' : 'not nullable', oursSays: o.nullable ? 'nullable' : 'not nullable' });
    }
    for (const format of v.formats) {
      if (!o.formats.has(format)) this.push({ kind: 'format', ours: at, vendor: vendorAt, vendorSays: format, oursSays: show(o.formats) });
    }
    const vendorEnum = vendorTypes.size > 0 ? v.enum : undefined;
    if (show(vendorEnum ?? ['any']) !== show(o.enum ?? ['any'])) {
      this.push({ kind: 'enum', ours: at, vendor: vendorAt, vendorSays: vendorEnum ? show(vendorEnum) : 'any value', oursSays: o.enum ? show(o.enum) : 'any value' });
    }
    if (v.properties.size > 0) this.compareProperties(v, vendorAt, o, at);
    if (v.items.length > 0 && o.items.length > 0) this.compareAlternatives(v.items, o.items);
    if (v.additional.length > 0 && o.additional.length > 0) this.compareAlternatives(v.additional, o.additional);
  }

  private compareProperties(v: Facts, vendorAt: string, o: Facts, at: string[]): void {
    const objectAt = at;
    for (const [name, vendorSchemas] of v.properties) {
      const ourSchemas = o.properties.get(name);
      const vendorProperty = vendorSchemas[0]!;
      if (!ourSchemas) {
        this.push({ kind: 'vendor-only-property', name, ours: objectAt, vendor: vendorProperty.pointer, vendorSays: `declares ${name}`, oursSays: `no ${name}` });
        continue;
      }
      if (v.required.has(name) !== o.required.has(name)) {
        this.push({ kind: 'required', name, ours: at, vendor: vendorAt, vendorSays: v.required.has(name) ? 'required' : 'optional', oursSays: o.required.has(name) ? 'required' : 'optional' });
      }
      this.compareAlternatives(vendorSchemas, ourSchemas);
    }
    for (const name of o.properties.keys()) {
      if (!v.properties.has(name)) {
        this.push({ kind: 'ours-only-property', name, ours: objectAt, vendor: vendorAt, vendorSays: `no ${name}`, oursSays: `declares ${name}` });
      }
    }
  }

  /** Several candidate schemas on our side (anyOf branches): the one closest to the vendor's wins. */
  private compareAlternatives(vendor: { schema: Json; pointer: string }[], ours: { schema: Json; pointer: string }[]): void {
    const target = vendor[0]!;
    if (ours.length === 1) {
      this.compare(target.schema, target.pointer, ours[0]!.schema, ours[0]!.pointer);
      return;
    }
    let best: Omit<Difference, 'api' | 'operation'>[] | undefined;
    for (const candidate of ours) {
      const found: Omit<Difference, 'api' | 'operation'>[] = [];
      new SchemaComparer(this.vendorDoc, this.ourDoc, (difference) => found.push(difference)).compare(target.schema, target.pointer, candidate.schema, candidate.pointer);
      if (!best || found.length < best.length) best = found;
    }
    best?.forEach((difference) => this.push(difference));
  }
}

interface Operation {
  method: string;
  path: string;
  node: JsonObject;
  pointer: string;
  parameters: { node: JsonObject; pointer: string }[];
}

function operationsOf(doc: JsonObject): Operation[] {
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    const itemPointer = `/paths/${escape(path)}`;
    const shared = Array.isArray(item.parameters) ? item.parameters.map((parameter, index) => ({ raw: parameter, pointer: `${itemPointer}/parameters/${index}` })) : [];
    for (const method of METHODS) {
      const node = item[method];
      if (!isObject(node)) continue;
      const pointer = `${itemPointer}/${method}`;
      const own = Array.isArray(node.parameters) ? node.parameters.map((parameter, index) => ({ raw: parameter, pointer: `${pointer}/parameters/${index}` })) : [];
      const parameters = [...shared, ...own]
        .map(({ raw, pointer: at }) => {
          const resolved = resolve(doc, raw, at);
          return { node: resolved.node as JsonObject, pointer: resolved.pointer };
        })
        .filter(({ node: parameter }) => isObject(parameter) && typeof parameter.name === 'string' && parameter['x-internal'] !== true);
      found.push({ method: method.toUpperCase(), path, node, pointer, parameters });
    }
  }
  return found;
}

const parameterKey = (parameter: JsonObject) => `${parameter.in} ${parameter.in === 'header' ? String(parameter.name).toLowerCase() : parameter.name}`;
const explodeOf = (parameter: JsonObject) => (typeof parameter.explode === 'boolean' ? parameter.explode : (parameter.style ?? 'form') === 'form');
const styleOf = (parameter: JsonObject) => `${parameter.style ?? (parameter.in === 'query' || parameter.in === 'cookie' ? 'form' : 'simple')}, explode ${explodeOf(parameter)}`;

function jsonMedia(doc: JsonObject, holder: Json | undefined, pointer: string): { schema: Json; pointer: string } | undefined {
  const { node, pointer: at } = resolve(doc, holder, pointer);
  if (!isObject(node) || !isObject(node.content)) return undefined;
  const type = Object.keys(node.content).find((media) => /json/i.test(media));
  const media = type === undefined ? undefined : node.content[type];
  if (!isObject(media) || media.schema === undefined) return undefined;
  return { schema: media.schema, pointer: `${at}/content/${escape(type!)}/schema` };
}

/**
 * Compares a vendor's OpenAPI document with our APIs: every vendor operation that one of
 * ours covers (same method and path, path parameter names aside, or an alias), field by field.
 */
export function diffVendorDocument(vendorDoc: JsonObject, apis: OurApi[], aliases: OperationAlias[] = []): VendorDiff {
  const result: VendorDiff = { matched: [], differences: [] };
  const vendorOperations = operationsOf(vendorDoc);
  for (const api of apis) {
    for (const ours of operationsOf(api.doc)) {
      const oursLabel = `${ours.method} ${ours.path}`;
      const alias = aliases.filter((candidate) => candidate.api === api.name && candidate.ours === oursLabel).map((candidate) => candidate.vendor);
      const vendor = vendorOperations.find(
        (candidate) => candidate.method === ours.method && (samePath(candidate.path) === samePath(ours.path) || alias.some((label) => label === `${candidate.method} ${candidate.path}`)),
      );
      if (!vendor) continue;
      const operation = typeof ours.node.operationId === 'string' ? ours.node.operationId : oursLabel;
      result.matched.push({ api: api.name, operation, ours: oursLabel, vendor: `${vendor.method} ${vendor.path}` });
      const push = (difference: Omit<Difference, 'api' | 'operation'>) => result.differences.push({ api: api.name, operation, ...difference });
      compareOperation(vendorDoc, vendor, api.doc, ours, push);
    }
  }
  return result;
}

function compareOperation(vendorDoc: JsonObject, vendor: Operation, ourDoc: JsonObject, ours: Operation, push: (difference: Omit<Difference, 'api' | 'operation'>) => void): void {
  const schemas = new SchemaComparer(vendorDoc, ourDoc, push);
  const ourParameters = new Map(ours.parameters.map((parameter) => [parameterKey(parameter.node), parameter]));
  const vendorParameters = new Map(vendor.parameters.map((parameter) => [parameterKey(parameter.node), parameter]));
  for (const [key, parameter] of vendorParameters) {
    // Path parameters pair up by position in the template, whatever each side calls them.
    const position = (path: string, name: Json | undefined) => [...path.matchAll(/\{([^}]*)\}/g)].findIndex((match) => match[1] === name);
    const mine =
      ourParameters.get(key) ??
      (parameter.node.in === 'path'
        ? ours.parameters.find((candidate) => candidate.node.in === 'path' && position(vendor.path, parameter.node.name) === position(ours.path, candidate.node.name))
        : undefined);
    if (!mine) {
      push({ kind: 'vendor-only-parameter', name: key, ours: [ours.pointer], vendor: parameter.pointer, vendorSays: `declares ${key}`, oursSays: `no ${key}` });
      continue;
    }
    ourParameters.delete(parameterKey(mine.node));
    if ((parameter.node.required === true) !== (mine.node.required === true)) {
      push({ kind: 'required', name: key, ours: [mine.pointer], vendor: parameter.pointer, vendorSays: parameter.node.required === true ? 'required' : 'optional', oursSays: mine.node.required === true ? 'required' : 'optional' });
    }
    const vendorSchema = isObject(parameter.node.schema) ? parameter.node.schema : undefined;
    const vendorIsArray = vendorSchema !== undefined && facts(vendorDoc, vendorSchema, '').types.has('array');
    if (vendorIsArray && styleOf(parameter.node) !== styleOf(mine.node)) {
      push({ kind: 'style', name: key, ours: [mine.pointer], vendor: parameter.pointer, vendorSays: styleOf(parameter.node), oursSays: styleOf(mine.node) });
    }
    if (vendorSchema) schemas.compare(vendorSchema, `${parameter.pointer}/schema`, mine.node.schema, `${mine.pointer}/schema`);
  }
  for (const [key, parameter] of ourParameters) {
    push({ kind: 'ours-only-parameter', name: key, ours: [parameter.pointer], vendor: vendor.pointer, vendorSays: `no ${key}`, oursSays: `declares ${key}` });
  }
  const vendorBody = jsonMedia(vendorDoc, vendor.node.requestBody, `${vendor.pointer}/requestBody`);
  const ourBody = jsonMedia(ourDoc, ours.node.requestBody, `${ours.pointer}/requestBody`);
  if (vendorBody && !ourBody) push({ kind: 'vendor-only-body', ours: [ours.pointer], vendor: vendorBody.pointer, vendorSays: 'a JSON request body', oursSays: 'no request body' });
  if (vendorBody && ourBody) schemas.compare(vendorBody.schema, vendorBody.pointer, ourBody.schema, ourBody.pointer);
  const vendorResponses = isObject(vendor.node.responses) ? vendor.node.responses : {};
  const ourResponses = isObject(ours.node.responses) ? ours.node.responses : {};
  for (const [code, response] of Object.entries(vendorResponses)) {
    const pointer = `${vendor.pointer}/responses/${code}`;
    if (!(code in ourResponses)) {
      push({ kind: 'vendor-only-response', name: code, ours: [`${ours.pointer}/responses`], vendor: pointer, vendorSays: `documents ${code}`, oursSays: `no ${code}` });
      continue;
    }
    const vendorMedia = jsonMedia(vendorDoc, response, pointer);
    const ourMedia = jsonMedia(ourDoc, ourResponses[code], `${ours.pointer}/responses/${code}`);
    if (vendorMedia && ourMedia) schemas.compare(vendorMedia.schema, vendorMedia.pointer, ourMedia.schema, ourMedia.pointer);
  }
}
