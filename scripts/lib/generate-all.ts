/**
 * Regenerates the types of every API of `redocly.yaml` and says what changed: the logic of
 * `npm run generate` (after its lint).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listApis } from './apis.js';
import { generateTypes } from './generate-types.js';
import { formatChanges } from './print-changes.js';
import { diffGeneratedTypes, type TypesPair } from './type-diff.js';

/**
 * Writes each API's generated types (openapi-typescript, as its CLI would) in the repository at
 * `root`, and returns the report `npm run generate` prints: one line per file written, then what
 * changed against the previous output per operation, breaking or additive for a TypeScript
 * consumer (the same summary as `spec:diff`). Paths in the report are as `redocly.yaml` writes them.
 * @param root the folder holding `redocly.yaml`. @default the current folder
 * @param onLine hears each line as soon as it is known (the CLI prints it). @default none
 * @throws {Error} when a spec does not generate (nothing after it is written)
 */
export async function generateAll(root = '.', onLine: (line: string) => void = () => {}): Promise<string[]> {
  const configPath = join(root, 'redocly.yaml');
  const apis = listApis(configPath).filter((api) => api.output);
  const lines: string[] = [];
  const say = (...more: string[]) => {
    for (const line of more) {
      lines.push(line);
      onLine(line);
    }
  };
  const pairs: TypesPair[] = [];
  for (const api of apis) {
    const output = join(root, api.output!);
    const before = existsSync(output) ? readFileSync(output, 'utf8') : undefined;
    const after = await generateTypes({ path: join(root, api.root) }, configPath);
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, after);
    say(`${api.root} → ${api.output}${before === after ? ' (unchanged)' : ''}`);
    pairs.push({ api: api.name, before, after });
  }
  say('', 'Changes against the previous generated types, for a TypeScript consumer:');
  const labels = Object.fromEntries(apis.map((api) => [api.name, api.output!.replace(/^\.\//, '')]));
  say(
    ...formatChanges(
      diffGeneratedTypes(pairs),
      apis.map((api) => api.name),
      labels,
    ),
  );
  return lines;
}
