/**
 * The semver bump that spec changes call for, and the changeset that records it
 * (`npm run spec:diff -- --base <tag> --changeset`).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypeChange } from './type-diff.js';

/** A semver bump, or `none` when the specs did not change for a consumer. */
export type SemverBump = 'major' | 'minor' | 'none';

/** `major` when any change is breaking, `minor` when all are additive, `none` without changes. */
export function semverBump(changes: readonly Pick<TypeChange, 'verdict'>[]): SemverBump {
  if (changes.some((change) => change.verdict === 'breaking')) return 'major';
  return changes.length > 0 ? 'minor' : 'none';
}

/** One line saying which bump is needed and why, e.g. `Semver bump needed: major (2 breaking, 1 additive)`. */
export function describeBump(changes: readonly Pick<TypeChange, 'verdict'>[]): string {
  const bump = semverBump(changes);
  if (bump === 'none') return 'Semver bump needed: none (no spec change a consumer would notice)';
  const breaking = changes.filter((change) => change.verdict === 'breaking').length;
  return `Semver bump needed: ${bump} (${breaking} breaking, ${changes.length - breaking} additive)`;
}

/** The changeset's markdown: front matter naming the package and the bump, then one line per change. */
export function changesetText(packageName: string, changes: readonly TypeChange[], base: string): string {
  const bump = semverBump(changes);
  if (bump === 'none') throw new RangeError('changesetText: no change to record');
  const lines = changes.map(
    (change) =>
      `- ${change.verdict === 'breaking' ? '**Breaking:** ' : ''}${change.api} \`${change.operation}\` ${change.where}: ${change.what}`,
  );
  return `---\n${JSON.stringify(packageName)}: ${bump}\n---\n\nSpec changes since ${base}:\n\n${lines.join('\n')}\n`;
}

/**
 * Writes the changeset into `dir` (default `.changeset/` of the working directory) as
 * `spec-changes-<base>.md`, for the package of this repository's package.json; returns its path.
 * @throws {RangeError} when there is no change to record
 */
export function writeChangeset(
  changes: readonly TypeChange[],
  base: string,
  { dir = '.changeset', packageJson = fileURLToPath(new URL('../../package.json', import.meta.url)) } = {},
): string {
  const name = (JSON.parse(readFileSync(packageJson, 'utf8')) as { name: string }).name;
  const text = changesetText(name, changes, base);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `spec-changes-${base.replace(/[^\w.-]+/g, '-')}.md`);
  writeFileSync(file, text);
  return file;
}
