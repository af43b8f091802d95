import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Json } from './spec.js';
import { repoRoot } from './run-script.js';

/**
 * The folder of the vendors' published pages (000 … 004): `VENDOR_DOCS_DIR`, relative to the
 * repository root, default `../shared/seeds` (where CI has them); `undefined` when it does not exist.
 */
export function vendorDocsDir(): string | undefined {
  const dir = resolve(repoRoot, process.env.VENDOR_DOCS_DIR ?? '../shared/seeds');
  return existsSync(dir) ? dir : undefined;
}

/**
 * The folder of the vendors' whole published OpenAPI documents (`commbox-Commbox.json`,
 * `cometchat-chat-apis.json`): `VENDOR_API_DOCS_DIR`, relative to the repository root, default
 * `../shared/vendor-docs`; `undefined` when it does not exist.
 */
export function vendorApiDocsDir(): string | undefined {
  const dir = resolve(repoRoot, process.env.VENDOR_API_DOCS_DIR ?? '../shared/vendor-docs');
  return existsSync(dir) ? dir : undefined;
}

/** How the vendor-document tests report the folder they read, or that it is absent. */
export function describeVendorDocs(): string {
  const dir = vendorDocsDir();
  return dir
    ? `vendor documents from ${dir}`
    : `no vendor documents: ${resolve(repoRoot, process.env.VENDOR_DOCS_DIR ?? '../shared/seeds')} does not exist (set VENDOR_DOCS_DIR); the comparisons with them are not run`;
}

/** The page whose file name starts with `prefix` (e.g. `000`), as text. */
export function readSeed(dir: string, prefix: string): { file: string; text: string } {
  const file = readdirSync(dir).find((name) => name.startsWith(`${prefix}_`));
  if (!file) throw new Error(`${dir} has no ${prefix}_*.txt page`);
  return { file: join(dir, file), text: readFileSync(join(dir, file), 'utf8') };
}

/** The OpenAPI JSON block embedded in a vendor page (000, 002), as text. */
export function seedOpenApiText(dir: string, prefix: '000' | '002'): string {
  const { text } = readSeed(dir, prefix);
  const start = text.indexOf('````json');
  return text.slice(text.indexOf('\n', start) + 1, text.indexOf('````', start + 8));
}

/** A vendor example response, exactly as published, and where our spec keeps it. */
export interface VendorExample {
  seed: string;
  file: string;
  api: 'commbox' | 'cometchat';
  path: string;
  name: string;
  value: Json;
}

/** The vendor's own example responses, exactly as published in the pages; none when the folder is absent. */
export function vendorExamples(): VendorExample[] {
  const dir = vendorDocsDir();
  if (!dir) return [];
  const file = (prefix: string) => readSeed(dir, prefix).file;
  const userObjects = JSON.parse(seedOpenApiText(dir, '000')).paths['/v2/users/identities/{USER_IDENTITY_ID}/objects']
    .get.responses;
  const streamObjects = JSON.parse(seedOpenApiText(dir, '002')).paths['/streams/{STREAM_ID}/objects'].get.responses;
  const page004 = readSeed(dir, '004').text;
  const jsonStart = page004.indexOf('{\n"data"');
  let depth = 0;
  let end = jsonStart;
  for (; end < page004.length; end++) {
    if (page004[end] === '{') depth++;
    if (page004[end] === '}' && --depth === 0) break;
  }
  return [
    {
      seed: '000',
      file: file('000'),
      api: 'commbox',
      path: '/v2/users/identities/{USER_IDENTITY_ID}/objects',
      name: 'success',
      value: userObjects['200'].content['application/json'].examples.success.value,
    },
    {
      seed: '000',
      file: file('000'),
      api: 'commbox',
      path: '/v2/users/identities/{USER_IDENTITY_ID}/objects',
      name: '500',
      value: userObjects['500'].content['application/json'].example,
    },
    {
      seed: '002',
      file: file('002'),
      api: 'commbox',
      path: '/streams/{STREAM_ID}/objects',
      name: 'successResponse',
      value: streamObjects['200'].content['application/json'].examples.successResponse.value,
    },
    {
      seed: '004',
      file: file('004'),
      api: 'cometchat',
      path: '/users/{uid}/conversation',
      name: 'groupConversation',
      value: JSON.parse(page004.slice(jsonStart, end + 1)),
    },
  ];
}
