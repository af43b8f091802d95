import { readFileSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { loadSpec, schemaValidator, type Json } from '../../support/spec.js';

type Api = 'commbox' | 'cometchat' | 'inbox';
const specs = {
  commbox: loadSpec('commbox'),
  cometchat: loadSpec('cometchat'),
  inbox: parse(readFileSync(new URL('../../../openapi/inbox.yaml', import.meta.url), 'utf8')) as ReturnType<
    typeof loadSpec
  >,
};
const validators = new Map<string, ValidateFunction>();

const escape = (part: string) => part.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer of an operation's response schema for a status, following a `$ref`'d response. */
function schemaPointer(api: Api, method: string, path: string, status: number): string {
  const doc = specs[api] as Record<
    string,
    Record<string, Record<string, Record<string, Record<string, { $ref?: string }>>>>
  >;
  const response = doc.paths?.[path]?.[method.toLowerCase()]?.responses?.[String(status)];
  if (!response) throw new Error(`${api} ${method} ${path} documents no ${status}`);
  if (response.$ref) return `${response.$ref}/content/application~1json/schema`;
  return `#/paths/${escape(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
}

/** Asserts that a body is what the spec documents for that operation and status (ajv, not by eye). */
export function expectValid(api: Api, method: string, path: string, status: number, body: unknown): void {
  const pointer = schemaPointer(api, method, path, status);
  const key = `${api}${pointer}`;
  let validate = validators.get(key);
  if (!validate) validators.set(key, (validate = schemaValidator(specs[api], pointer)));
  const valid = validate(body as Json);
  expect(valid ? [] : validate.errors, `${api} ${method} ${path} ${status}`).toEqual([]);
}

export const AUTH = {
  commbox: { Authorization: 'Bearer any' },
  cometchat: { apikey: 'any', onBehalfOf: 'superhero4' },
  inbox: { Cookie: 'session=any' },
} as const;

/**
 * Calls a mock and checks the answer against the spec: `template` is the spec's path
 * (`/users/{uid}/conversation`), `params` fill it.
 */
export async function call(
  baseUrl: string,
  api: Api,
  method: 'GET' | 'POST',
  template: string,
  {
    params = {},
    query = '',
    headers = {},
  }: { params?: Record<string, string>; query?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const response = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: { ...AUTH[api], ...headers },
  });
  const body = response.status === 204 || response.status === 304 ? undefined : await response.json();
  expect(response.headers.get('sl-violations'), `${method} ${path}`).toBeNull();
  if (body !== undefined) expectValid(api, method, template, response.status, body);
  return { status: response.status, body, headers: response.headers };
}
