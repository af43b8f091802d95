/**
 * Differences between a vendor's published OpenAPI document and our normalized spec, for
 * the operations both describe (matched by method and path, or an alias of deviations.yaml):
 * parameters and fields one side has and the other lacks, types, formats, nullability,
 * enums, required flags and parameter styles. Each difference is located by a JSON pointer
 * into our spec (after following `$ref`s), so deviations.yaml can explain it.
 */

import {
  escape,
  isObject,
  operationsOf,
  resolve,
  serializationOf,
  type Json,
  type JsonObject,
  type Operation,
} from './openapi-doc.js';
import { facts } from './schema-facts.js';
import { SchemaComparer, type BranchPin, type Difference } from './schema-compare.js';

export type { Json, JsonObject } from './openapi-doc.js';
export type { BranchPin, Difference, DifferenceKind } from './schema-compare.js';

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

const samePath = (path: string) => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');

const parameterKey = (parameter: JsonObject) =>
  `${parameter.in} ${parameter.in === 'header' ? String(parameter.name).toLowerCase() : parameter.name}`;

function jsonMedia(
  doc: JsonObject,
  holder: Json | undefined,
  pointer: string,
): { schema: Json; pointer: string } | undefined {
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
 * Every anyOf/oneOf branch of the vendor's is compared, with the alternative of ours that `pins`
 * names or else the closest in shape.
 */
export function diffVendorDocument(
  vendorDoc: JsonObject,
  apis: OurApi[],
  aliases: OperationAlias[] = [],
  pins: BranchPin[] = [],
): VendorDiff {
  const result: VendorDiff = { matched: [], differences: [] };
  const vendorOperations = operationsOf(vendorDoc);
  for (const api of apis) {
    for (const ours of operationsOf(api.doc)) {
      const oursLabel = `${ours.method} ${ours.path}`;
      const alias = aliases
        .filter((candidate) => candidate.api === api.name && candidate.ours === oursLabel)
        .map((candidate) => candidate.vendor);
      const vendor = vendorOperations.find(
        (candidate) =>
          candidate.method === ours.method &&
          (samePath(candidate.path) === samePath(ours.path) ||
            alias.some((label) => label === `${candidate.method} ${candidate.path}`)),
      );
      if (!vendor) continue;
      const operation = typeof ours.node.operationId === 'string' ? ours.node.operationId : oursLabel;
      result.matched.push({ api: api.name, operation, ours: oursLabel, vendor: `${vendor.method} ${vendor.path}` });
      const push = (difference: Omit<Difference, 'api' | 'operation'>) =>
        result.differences.push({ api: api.name, operation, ...difference });
      compareOperation(
        vendorDoc,
        vendor,
        api.doc,
        ours,
        push,
        pins.filter((pin) => pin.api === api.name),
      );
    }
  }
  return result;
}

function compareOperation(
  vendorDoc: JsonObject,
  vendor: Operation,
  ourDoc: JsonObject,
  ours: Operation,
  push: (difference: Omit<Difference, 'api' | 'operation'>) => void,
  pins: BranchPin[],
): void {
  const schemas = new SchemaComparer(vendorDoc, ourDoc, push, pins);
  const ourParameters = new Map(ours.parameters.map((parameter) => [parameterKey(parameter.node), parameter]));
  const vendorParameters = new Map(vendor.parameters.map((parameter) => [parameterKey(parameter.node), parameter]));
  for (const [key, parameter] of vendorParameters) {
    // Path parameters pair up by position in the template, whatever each side calls them.
    const position = (path: string, name: Json | undefined) =>
      [...path.matchAll(/\{([^}]*)\}/g)].findIndex((match) => match[1] === name);
    const mine =
      ourParameters.get(key) ??
      (parameter.node.in === 'path'
        ? ours.parameters.find(
            (candidate) =>
              candidate.node.in === 'path' &&
              position(vendor.path, parameter.node.name) === position(ours.path, candidate.node.name),
          )
        : undefined);
    if (!mine) {
      push({
        kind: 'vendor-only-parameter',
        name: key,
        ours: [ours.pointer],
        vendor: parameter.pointer,
        vendorSays: `declares ${key}`,
        oursSays: `no ${key}`,
      });
      continue;
    }
    ourParameters.delete(parameterKey(mine.node));
    if ((parameter.node.required === true) !== (mine.node.required === true)) {
      push({
        kind: 'required',
        name: key,
        ours: [mine.pointer],
        vendor: parameter.pointer,
        vendorSays: parameter.node.required === true ? 'required' : 'optional',
        oursSays: mine.node.required === true ? 'required' : 'optional',
      });
    }
    const vendorSchema = isObject(parameter.node.schema) ? parameter.node.schema : undefined;
    const vendorIsArray = vendorSchema !== undefined && facts(vendorDoc, vendorSchema, '').types.has('array');
    if (vendorIsArray && serializationOf(parameter.node) !== serializationOf(mine.node)) {
      push({
        kind: 'style',
        name: key,
        ours: [mine.pointer],
        vendor: parameter.pointer,
        vendorSays: serializationOf(parameter.node),
        oursSays: serializationOf(mine.node),
      });
    }
    if (vendorSchema)
      schemas.compare(vendorSchema, `${parameter.pointer}/schema`, mine.node.schema, `${mine.pointer}/schema`);
  }
  for (const [key, parameter] of ourParameters) {
    push({
      kind: 'ours-only-parameter',
      name: key,
      ours: [parameter.pointer],
      vendor: vendor.pointer,
      vendorSays: `no ${key}`,
      oursSays: `declares ${key}`,
    });
  }
  const vendorBody = jsonMedia(vendorDoc, vendor.node.requestBody, `${vendor.pointer}/requestBody`);
  const ourBody = jsonMedia(ourDoc, ours.node.requestBody, `${ours.pointer}/requestBody`);
  if (vendorBody && !ourBody)
    push({
      kind: 'vendor-only-body',
      ours: [ours.pointer],
      vendor: vendorBody.pointer,
      vendorSays: 'a JSON request body',
      oursSays: 'no request body',
    });
  if (vendorBody && ourBody) schemas.compare(vendorBody.schema, vendorBody.pointer, ourBody.schema, ourBody.pointer);
  const vendorResponses = isObject(vendor.node.responses) ? vendor.node.responses : {};
  const ourResponses = isObject(ours.node.responses) ? ours.node.responses : {};
  for (const [code, response] of Object.entries(vendorResponses)) {
    const pointer = `${vendor.pointer}/responses/${code}`;
    if (!(code in ourResponses)) {
      push({
        kind: 'vendor-only-response',
        name: code,
        ours: [`${ours.pointer}/responses`],
        vendor: pointer,
        vendorSays: `documents ${code}`,
        oursSays: `no ${code}`,
      });
      continue;
    }
    const vendorMedia = jsonMedia(vendorDoc, response, pointer);
    const ourMedia = jsonMedia(ourDoc, ourResponses[code], `${ours.pointer}/responses/${code}`);
    if (vendorMedia && ourMedia)
      schemas.compare(vendorMedia.schema, vendorMedia.pointer, ourMedia.schema, ourMedia.pointer);
  }
}
