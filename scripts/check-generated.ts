/**
 * Fails when src/generated/ is stale. Each API of `redocly.yaml` is generated on its own
 * into a temporary folder and compared, byte for byte, with the committed file; a file in
 * a generated folder that no API writes (README.md aside) fails too. Every stale or extra
 * file is named. Runs in the current folder (the repository root).
 *
 * Usage: tsx scripts/check-generated.ts
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, normalize } from 'node:path';
import { listApis } from './lib/apis.js';
import { generateTypes } from './lib/generate-types.js';

/** The first line where two texts differ (1-based), for the message. */
function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < left.length && left[line] === right[line]) line++;
  return line + 1;
}

const problems: string[] = [];
const written = new Map<string, Set<string>>();
const scratch = mkdtempSync(join(tmpdir(), 'check-generated-'));
try {
  for (const api of listApis()) {
    if (!api.output) continue;
    const output = normalize(api.output);
    const folder = dirname(output);
    written.set(folder, (written.get(folder) ?? new Set()).add(basename(output)));
    let fresh: string;
    try {
      fresh = await generateTypes({ path: api.root });
    } catch (error) {
      // The spec changed so that it no longer generates (e.g. an example left behind by a rename): stale all the same.
      problems.push(`${output} is stale: ${api.root} no longer generates (API "${api.name}"): ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    writeFileSync(join(scratch, `${api.name}.ts`), fresh);
    if (!existsSync(output)) {
      problems.push(`${output} is missing (API "${api.name}", spec ${api.root})`);
      continue;
    }
    const committed = readFileSync(output, 'utf8');
    if (committed !== fresh) {
      problems.push(`${output} is stale: it differs from what ${api.root} generates (API "${api.name}"), from line ${firstDifference(committed, fresh)}`);
    }
  }
  for (const [folder, files] of written) {
    for (const file of readdirSync(folder)) {
      if (file !== 'README.md' && !files.has(file)) problems.push(`${join(folder, file)} is not written by any API of redocly.yaml`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error('Run `npm run generate` and commit the result.');
  process.exit(1);
}
console.log(`Generated types are up to date (${[...written.values()].reduce((n, files) => n + files.size, 0)} files checked).`);
