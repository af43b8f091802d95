/**
 * What changed in each spec of `redocly.yaml` since a git ref, per operation, each change
 * marked breaking or additive for a TypeScript consumer: both versions are generated with
 * openapi-typescript and compared by the TypeScript compiler (scripts/lib/type-diff.ts). A
 * parameter sent in another form (style, explode) is listed too, as breaking: the compiler
 * cannot see it, but a client must change what it sends (scripts/lib/wire-diff.ts).
 *
 * Usage: tsx scripts/spec-diff.ts [--base <git ref>] [--fail-on-breaking] [--changeset]
 *   --base               the version to compare with. @default HEAD (the last commit)
 *   --fail-on-breaking   exit 1 when any change is breaking
 *   --changeset          write .changeset/spec-changes-<base>.md with the bump (scripts/lib/semver-bump.ts)
 * Exits 2 when the ref is unknown or a spec does not generate.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { listApis } from './lib/apis.js';
import { generateTypes } from './lib/generate-types.js';
import { formatChanges } from './lib/print-changes.js';
import { diffGeneratedTypes, type TypeChange, type TypesPair } from './lib/type-diff.js';
import { diffSerialization } from './lib/wire-diff.js';
import { describeBump, semverBump, writeChangeset } from './lib/semver-bump.js';
import { parse } from 'yaml';

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const inline = args.find((arg) => arg.startsWith(`${name}=`));
  if (inline) return inline.slice(name.length + 1);
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** The spec's text at `ref`, or undefined when the file did not exist then. */
function specAt(ref: string, path: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:./${path.replace(/^\.\//, '')}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

const base = option('--base') ?? 'HEAD';
try {
  execFileSync('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { stdio: 'ignore' });
} catch {
  console.error(`spec:diff: "${base}" is not a commit of this repository (--base)`);
  process.exit(2);
}

const apis = listApis();
const pairs: TypesPair[] = [];
const wire: TypeChange[] = [];
try {
  for (const api of apis) {
    const before = specAt(base, api.root);
    pairs.push({
      api: api.name,
      before: before === undefined ? undefined : await generateTypes({ text: before }),
      after: await generateTypes({ path: api.root }),
    });
    if (before !== undefined) wire.push(...diffSerialization(api.name, parse(before), parse(readFileSync(api.root, 'utf8'))));
  }
} catch (error) {
  console.error(`spec:diff: ${(error as Error).message}`);
  process.exit(2);
}

const changes = [...diffGeneratedTypes(pairs), ...wire];
console.log(`Spec changes since ${base}, for a TypeScript consumer:`);
const labels = Object.fromEntries(apis.map((api) => [api.name, api.root.replace(/^\.\//, '')]));
for (const line of formatChanges(changes, apis.map((api) => api.name), labels)) console.log(line);
console.log(describeBump(changes));
if (process.argv.includes('--changeset') && semverBump(changes) !== 'none') console.log(`Wrote ${writeChangeset(changes, base)}`);
if (process.argv.includes('--fail-on-breaking') && changes.some((change) => change.verdict === 'breaking')) process.exit(1);
