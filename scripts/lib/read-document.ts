/**
 * Reads any OpenAPI document as published: a file or an http(s) URL, JSON or YAML, tolerating
 * what vendors publish (a byte order mark, a trailing comma before `}` or `]`).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { JsonObject } from './openapi-doc.js';

/** The text without a leading byte order mark. */
export const stripBom = (text: string) => text.replace(/^\uFEFF/, '');

/** JSON text with every comma that directly precedes `}` or `]` (outside strings) removed. */
export function dropTrailingCommas(text: string): string {
  let out = '';
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++index] ?? '';
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    if (char === ',') {
      let ahead = index + 1;
      while (ahead < text.length && /\s/.test(text[ahead]!)) ahead++;
      if (text[ahead] === '}' || text[ahead] === ']') continue;
    }
    out += char;
  }
  return out;
}

/**
 * Parses a document's text: JSON (a BOM and trailing commas accepted), else YAML.
 * @param requireVersion whether `openapi: 3.x` must be stated. @default true
 * @throws {Error} saying why it is not JSON or YAML, or that it is no OpenAPI 3 document (or has no `paths`)
 */
export function parseDocumentText(text: string, requireVersion = true): JsonObject {
  const clean = stripBom(text);
  let doc: unknown;
  if (/^\s*[{[]/.test(clean)) {
    try {
      doc = JSON.parse(clean);
    } catch (error) {
      try {
        doc = JSON.parse(dropTrailingCommas(clean));
      } catch {
        throw new Error(`not valid JSON: ${(error as Error).message}`);
      }
    }
  } else {
    try {
      doc = parse(clean, { maxAliasCount: -1 });
    } catch (error) {
      throw new Error(`not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('not an object');
  const version = (doc as JsonObject).openapi;
  if (requireVersion && (typeof version !== 'string' || !/^3\./.test(version)))
    throw new Error(`not an OpenAPI 3 document (openapi: ${JSON.stringify(version ?? null)})`);
  if (typeof (doc as JsonObject).paths !== 'object' || (doc as JsonObject).paths === null)
    throw new Error('it has no "paths"');
  return doc as JsonObject;
}

/**
 * A document's text from a path or an http(s) URL.
 * @param fetchImpl the fetch to use for URLs. @default globalThis.fetch
 * @throws {Error} when the file cannot be read or the URL does not answer 2xx
 */
export async function readSource(source: string, fetchImpl: typeof fetch = fetch): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const response = await fetchImpl(source, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return response.text();
  }
  return readFileSync(source, 'utf8');
}
