/**
 * Whether src/generated/ is up to date: each API of `redocly.yaml` is generated on its own and
 * compared, byte for byte, with the committed file; a file in a generated folder that no API
 * writes (README.md aside) is a problem too. The logic of `npm run check:generated`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, normalize } from 'node:path';
import { listApis } from './apis.js';
import { generateTypes } from './generate-types.js';

/** What {@link checkGenerated} found. */
export interface GeneratedCheck {
  /** One sentence per stale, missing or extra file, naming it (paths relative to the root); empty when up to date. */
  problems: string[];
  /** How many generated files were compared. */
  checked: number;
}

/** The first line where two texts differ (1-based), for the message. */
function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < left.length && left[line] === right[line]) line++;
  return line + 1;
}

/**
 * Checks the generated files of the repository at `root` against its specs (nothing is written).
 * A spec that no longer generates makes its file stale, with the reason.
 * @param root the folder holding `redocly.yaml`. @default the current folder
 * @throws {Error} when `redocly.yaml` is missing or lists no apis
 */
export async function checkGenerated(root = '.'): Promise<GeneratedCheck> {
  const configPath = join(root, 'redocly.yaml');
  const problems: string[] = [];
  const written = new Map<string, Set<string>>();
  for (const api of listApis(configPath)) {
    if (!api.output) continue;
    const output = normalize(api.output);
    const folder = dirname(output);
    written.set(folder, (written.get(folder) ?? new Set()).add(basename(output)));
    let fresh: string;
    try {
      fresh = await generateTypes({ path: join(root, api.root) }, configPath);
    } catch (error) {
      // The spec changed so that it no longer generates (e.g. an example left behind by a rename): stale all the same.
      problems.push(
        `${output} is stale: ${api.root} no longer generates (API "${api.name}"): ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    if (!existsSync(join(root, output))) {
      problems.push(`${output} is missing (API "${api.name}", spec ${api.root})`);
      continue;
    }
    const committed = readFileSync(join(root, output), 'utf8');
    if (committed !== fresh) {
      problems.push(
        `${output} is stale: it differs from what ${api.root} generates (API "${api.name}"), from line ${firstDifference(committed, fresh)}`,
      );
    }
  }
  for (const [folder, files] of written) {
    for (const file of readdirSync(join(root, folder))) {
      if (file !== 'README.md' && !files.has(file))
        problems.push(`${join(folder, file)} is not written by any API of redocly.yaml`);
    }
  }
  return { problems, checked: [...written.values()].reduce((n, files) => n + files.size, 0) };
}

/** What `npm run check:generated` prints for a check, and its exit code (1 when anything is stale). */
export function checkReport(check: GeneratedCheck): { exitCode: number; stdout: string[]; stderr: string[] } {
  if (check.problems.length > 0)
    return { exitCode: 1, stdout: [], stderr: [...check.problems, 'Run `npm run generate` and commit the result.'] };
  return { exitCode: 0, stdout: [`Generated types are up to date (${check.checked} files checked).`], stderr: [] };
}
