/**
 * Fails when src/generated/ is stale: the generator's output differs from the
 * committed files, or a file there is not one the generator writes.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'yaml';

const config = parse(readFileSync('redocly.yaml', 'utf8')) as {
  apis: Record<string, { 'x-openapi-ts'?: { output?: string } }>;
};
const expected = new Set(['README.md']);
for (const api of Object.values(config.apis)) {
  const output = api['x-openapi-ts']?.output;
  if (output) expected.add(basename(output));
}
const unexpected = readdirSync('src/generated').filter((file) => !expected.has(file));
if (unexpected.length > 0) {
  console.error(`src/generated/ holds files the generator does not write: ${unexpected.join(', ')}`);
  process.exit(1);
}
try {
  execFileSync('openapi-typescript', ['--check'], { stdio: 'inherit' });
} catch {
  console.error('src/generated/ is stale: run `npm run generate` and commit the result.');
  process.exit(1);
}
console.log('src/generated/ is up to date.');
