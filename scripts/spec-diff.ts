/**
 * What changed between two versions of an OpenAPI document, per operation, each change marked
 * breaking or additive for a TypeScript consumer: both versions are generated with
 * openapi-typescript, type-checked, and compared by the TypeScript compiler
 * (scripts/lib/type-diff.ts). A parameter sent in another form (style, explode) is listed too,
 * as breaking: the compiler cannot see it, but a client must change what it sends
 * (scripts/lib/wire-diff.ts). Operations without an operationId are named `METHOD /path`.
 *
 * Usage:
 *   tsx scripts/spec-diff.ts [--base <git ref>] [--fail-on-breaking] [--changeset]
 *     each spec of redocly.yaml in the working tree against the same file at <ref>. @default HEAD
 *     --changeset writes .changeset/spec-changes-<ref>.md with the semver bump (scripts/lib/semver-bump.ts)
 *   tsx scripts/spec-diff.ts --old <file|url> --new <file|url> [--fail-on-breaking]
 *     any two OpenAPI 3 documents (JSON, with a BOM or trailing commas too, or YAML); findings of
 *     redocly.yaml's lint rules are printed as warnings per side, never a stop
 *   --fail-on-breaking   exit 1 when any change is breaking
 * Every run ends with the semver bump the changes need (major when any is breaking, minor when additive).
 * Exits 0 when compared, 1 when breaking under --fail-on-breaking, 2 when no verdict can be given
 * (bad arguments, an unknown ref, a document that cannot be read or generated, or generated types
 * that do not compile), the message naming the side.
 */
import { runSpecDiff } from './lib/spec-diff-run.js';

process.exitCode = await runSpecDiff(process.argv.slice(2));
