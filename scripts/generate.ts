/**
 * Regenerates the types of every API of `redocly.yaml` (openapi-typescript, as its CLI would),
 * then prints what changed against the previous generated output, per operation, each change
 * breaking or additive for a TypeScript consumer (the same summary as `spec:diff`).
 * `npm run generate` lints the specs first.
 *
 * Usage: tsx scripts/generate.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { listApis } from './lib/apis.js';
import { generateTypes } from './lib/generate-types.js';
import { formatChanges } from './lib/print-changes.js';
import { diffGeneratedTypes, type TypesPair } from './lib/type-diff.js';

const apis = listApis().filter((api) => api.output);
const pairs: TypesPair[] = [];
for (const api of apis) {
  const output = api.output!;
  const before = existsSync(output) ? readFileSync(output, 'utf8') : undefined;
  const after = await generateTypes({ path: api.root });
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, after);
  console.log(`${api.root} → ${output}${before === after ? ' (unchanged)' : ''}`);
  pairs.push({ api: api.name, before, after });
}
console.log('\nChanges against the previous generated types, for a TypeScript consumer:');
const labels = Object.fromEntries(apis.map((api) => [api.name, api.output!.replace(/^\.\//, '')]));
for (const line of formatChanges(diffGeneratedTypes(pairs), apis.map((api) => api.name), labels)) console.log(line);
