/**
 * `npm run spec:diff`, callable in process: what changed for a TypeScript consumer, either in
 * each spec of `redocly.yaml` since a git ref, or between any two OpenAPI documents.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { listApis } from './apis.js';
import { inlineNestedSchemaRefs, malformedSchemaRefs } from './malformed-refs.js';
import type { JsonObject } from './openapi-doc.js';
import { formatChanges } from './print-changes.js';
import { describeBump, semverBump, writeChangeset } from './semver-bump.js';
import { parseDocumentText, readSource } from './read-document.js';
import type { TypeChange, TypesPair } from './type-diff.js';
import { diffSerialization } from './wire-diff.js';

/** Where a run reads and writes. */
export interface SpecDiffIo {
  /** The folder holding `redocly.yaml` and the git repository. @default process.cwd() */
  cwd?: string;
  /** One line of the report. @default console.log */
  out?: (line: string) => void;
  /** One line of a warning or an error. @default console.error */
  err?: (line: string) => void;
  /** For `--old`/`--new` URLs. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Exit codes: 0 compared (nothing breaking, or no `--fail-on-breaking`), 1 breaking under `--fail-on-breaking`, 2 no verdict. */
export type SpecDiffExit = 0 | 1 | 2;

/** A failure that gives no verdict (exit 2), its message naming the side. */
class NoVerdict extends Error {}

const USAGE =
  'usage: spec:diff [--base <git ref>] [--fail-on-breaking] [--changeset] | spec:diff --old <file|url> --new <file|url> [--fail-on-breaking]';

/**
 * Runs spec:diff with command-line `args`; prints the report and returns the exit code.
 * Never throws: every failure is printed, naming its side, and returns 2.
 */
export async function runSpecDiff(args: string[], io: SpecDiffIo = {}): Promise<SpecDiffExit> {
  const cwd = io.cwd ?? process.cwd();
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  let options: { base?: string; old?: string; new?: string; 'fail-on-breaking'?: boolean; changeset?: boolean };
  try {
    options = parseArgs({
      args,
      options: {
        base: { type: 'string' },
        old: { type: 'string' },
        new: { type: 'string' },
        'fail-on-breaking': { type: 'boolean' },
        changeset: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (error) {
    err(`spec:diff: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    let changes: TypeChange[];
    if (options.old !== undefined || options.new !== undefined) {
      if (options.old === undefined || options.new === undefined)
        throw new NoVerdict(
          `--old and --new go together (${options.old === undefined ? '--old' : '--new'} is missing)`,
        );
      if (options.base !== undefined)
        throw new NoVerdict('--base compares git versions of our specs; it does not go with --old/--new');
      changes = await diffTwoDocuments(options.old, options.new, cwd, out, err, io.fetch);
    } else {
      const base = options.base ?? 'HEAD';
      changes = await diffSinceRef(base, cwd, out);
      if (options.changeset && semverBump(changes) !== 'none')
        out(`Wrote ${writeChangeset(changes, base, { dir: join(cwd, '.changeset') })}`);
    }
    out(describeBump(changes));
    return options['fail-on-breaking'] && changes.some((change) => change.verdict === 'breaking') ? 1 : 0;
  } catch (error) {
    err(`spec:diff: ${(error as Error).message}`);
    return 2;
  }
}

/** A side's document, parsed, or a NoVerdict naming the side. */
async function readSide(
  flag: '--old' | '--new',
  source: string,
  cwd: string,
  fetchImpl?: typeof fetch,
): Promise<JsonObject> {
  const path = /^https?:\/\//i.test(source) ? source : resolve(cwd, source);
  let text: string;
  try {
    text = await readSource(path, fetchImpl);
  } catch (error) {
    throw new NoVerdict(`${flag} ${source}: cannot be read: ${(error as Error).message}`);
  }
  try {
    return parseDocumentText(text);
  } catch (error) {
    throw new NoVerdict(`${flag} ${source}: cannot be read as an OpenAPI document: ${(error as Error).message}`);
  }
}

async function diffTwoDocuments(
  oldSource: string,
  newSource: string,
  cwd: string,
  out: (line: string) => void,
  err: (line: string) => void,
  fetchImpl?: typeof fetch,
): Promise<TypeChange[]> {
  // The compiler and the generator load on first use: a bad argument answers at once.
  const { generateTypesLenient, lintFindings } = await import('./generate-types.js');
  const { diffGeneratedTypes } = await import('./type-diff.js');
  const config = join(cwd, 'redocly.yaml');
  const sides = [
    { flag: '--old' as const, source: oldSource },
    { flag: '--new' as const, source: newSource },
  ];
  // Both sides read before any work: a document that cannot be read stops the run at once.
  const docs: JsonObject[] = [];
  for (const side of sides) docs.push(await readSide(side.flag, side.source, cwd, fetchImpl));
  const modules: string[] = [];
  for (const [index, side] of sides.entries()) {
    const doc = docs[index]!;
    // Our lint rules are for our specs: on any other document they are a report, never a stop.
    if (existsSync(config)) {
      const findings = await lintFindings(doc, config);
      if (findings.length > 0) {
        err(
          `warning ${side.flag} ${side.source}: ${findings.length} lint finding${findings.length === 1 ? '' : 's'} under redocly.yaml's rules (not a stop), first:`,
        );
        for (const finding of findings.slice(0, 5)) err(`  ${finding}`);
      }
    }
    // A schema `$ref` to a parameter or an example generates a type that reads as something else, or nothing.
    // One into a parameter's schema is valid but generates code that does not compile: it is inlined first.
    for (const bad of malformedSchemaRefs(doc))
      err(`warning ${side.flag} ${side.source}: $ref ${bad.ref} at ${bad.pointer} is ${bad.reason}`);
    try {
      modules.push(await generateTypesLenient(inlineNestedSchemaRefs(doc)));
    } catch (error) {
      throw new NoVerdict(
        `${side.flag} ${side.source}: openapi-typescript cannot generate its types: ${(error as Error).message}`,
      );
    }
  }
  const api = 'document';
  const changes = [
    ...diffGeneratedTypes([
      {
        api,
        before: modules[0],
        after: modules[1],
        labels: { before: `--old ${oldSource}`, after: `--new ${newSource}` },
      },
    ]),
    ...diffSerialization(api, docs[0]!, docs[1]!),
  ];
  out(`Spec changes from ${oldSource} to ${newSource}, for a TypeScript consumer:`);
  for (const line of formatChanges(changes, [api], { [api]: `${oldSource} → ${newSource}` })) out(line);
  return changes;
}

/** The spec's text at `ref`, or undefined when the file did not exist then. */
function specAt(ref: string, path: string, cwd: string): string | undefined {
  try {
    return execFileSync('git', ['show', `${ref}:./${path.replace(/^\.\//, '')}`], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

async function diffSinceRef(base: string, cwd: string, out: (line: string) => void): Promise<TypeChange[]> {
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${base}^{commit}`], { cwd, stdio: 'ignore' });
  } catch {
    throw new NoVerdict(`"${base}" is not a commit of this repository (--base)`);
  }
  const { generateTypes } = await import('./generate-types.js');
  const { diffGeneratedTypes } = await import('./type-diff.js');
  const config = join(cwd, 'redocly.yaml');
  const apis = listApis(config);
  const pairs: TypesPair[] = [];
  const wire: TypeChange[] = [];
  for (const api of apis) {
    const file = api.root.replace(/^\.\//, '');
    const labels = { before: `${base}:${file} (--base)`, after: `${file} (working tree)` };
    const before = specAt(base, api.root, cwd);
    const current = readFileSync(resolve(cwd, api.root), 'utf8');
    const generate = async (side: 'before' | 'after', spec: { path: string } | { text: string }) => {
      try {
        return await generateTypes(spec, config);
      } catch (error) {
        throw new NoVerdict(`${labels[side]}: ${(error as Error).message}`);
      }
    };
    pairs.push({
      api: api.name,
      before: before === undefined ? undefined : await generate('before', { text: before }),
      after: await generate('after', { path: resolve(cwd, api.root) }),
      labels,
    });
    if (before !== undefined) wire.push(...diffSerialization(api.name, parse(before), parse(current)));
  }
  const changes = [...diffGeneratedTypes(pairs), ...wire];
  out(`Spec changes since ${base}, for a TypeScript consumer:`);
  const headings = Object.fromEntries(apis.map((api) => [api.name, api.root.replace(/^\.\//, '')]));
  for (const line of formatChanges(
    changes,
    apis.map((api) => api.name),
    headings,
  ))
    out(line);
  return changes;
}
