/**
 * Regenerates the types of every API of `redocly.yaml` (openapi-typescript, as its CLI would),
 * then prints what changed against the previous generated output, per operation, each change
 * breaking or additive for a TypeScript consumer (the same summary as `spec:diff`).
 * `npm run generate` lints the specs first. The logic is scripts/lib/generate-all.ts.
 *
 * Usage: tsx scripts/generate.ts
 */
import { generateAll } from './lib/generate-all.js';

await generateAll('.', (line) => console.log(line));
