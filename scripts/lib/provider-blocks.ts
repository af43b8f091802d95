/**
 * The parts of `openapi/inbox.yaml` that list the vendors (the `Provider` enum, the summary's
 * `byProvider`), written from the one list of vendors (`PROVIDER_ADAPTERS`) between marker comments:
 *
 *     # generated: provider-enum (npm run generate, from PROVIDER_ADAPTERS in src/vendors/providers.ts)
 *     …
 *     # end generated: provider-enum
 *
 * The logic of `scripts/provider-blocks.ts` (run by `npm run generate`, checked by `npm run check:generated`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One vendor as the spec names it: its id (`byProvider` key, URL segment) and its name in descriptions. */
export interface ProviderEntry {
  id: string;
  displayName: string;
}

/** The spec whose blocks this writes, relative to the repository root. */
export const PROVIDER_BLOCKS_SPEC = 'openapi/inbox.yaml';

/** The block names, in the order they appear in the spec. */
export const PROVIDER_BLOCK_NAMES = ['provider-enum', 'by-provider'] as const;
type BlockName = (typeof PROVIDER_BLOCK_NAMES)[number];

const SOURCE = 'npm run generate, from PROVIDER_ADAPTERS in src/vendors/providers.ts';
const ID = /^[a-z][a-z0-9-]*$/;
/** Plain scalars that YAML reads as something else than a string. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/;

/** The entries of a list of adapters (`PROVIDER_ADAPTERS`), in order. */
export const providerEntries = (
  adapters: readonly { provider: string; profile: { displayName: string } }[],
): ProviderEntry[] => adapters.map((adapter) => ({ id: adapter.provider, displayName: adapter.profile.displayName }));

const yamlId = (id: string) => (RESERVED.test(id) ? JSON.stringify(id) : id);
/** `a`, `a or b`, `a, b or c`. */
const listed = (items: string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;

/** A block's lines, unindented. @throws {Error} for an empty list, a duplicate or an id that is no URL segment */
function blockLines(name: BlockName, providers: readonly ProviderEntry[]): string[] {
  if (providers.length === 0) throw new Error('The list of providers is empty');
  const ids = providers.map((provider) => provider.id);
  for (const id of ids) {
    if (!ID.test(id)) throw new Error(`Provider id ${JSON.stringify(id)} is not a-z 0-9 - (starting with a letter)`);
    if (ids.indexOf(id) !== ids.lastIndexOf(id)) throw new Error(`Provider id "${id}" is listed twice`);
  }
  const idList = `[${ids.map(yamlId).join(', ')}]`;
  if (name === 'provider-enum') {
    const named = listed(providers.map(({ id, displayName }) => `\`${id}\` (${displayName})`));
    return [
      `enum: ${idList}`,
      `description: ${JSON.stringify(`The vendor a conversation or a failure comes from: ${named}.`)}`,
    ];
  }
  return [
    `required: ${idList}`,
    'properties:',
    ...providers.map(
      ({ id, displayName }) =>
        `  ${yamlId(id)}: { type: integer, minimum: 0, description: ${JSON.stringify(`Unread messages at ${displayName}.`)} }`,
    ),
  ];
}

const begin = (name: string) => new RegExp(`^(\\s*)# generated: ${name}\\b`);
const end = (name: string) => new RegExp(`^\\s*# end generated: ${name}\\s*$`);

/**
 * `text` with every provider block written from `providers` (the rest byte for byte as it was).
 * @throws {Error} when a block's markers are missing, repeated or out of order, or the list is unusable
 */
export function rewriteProviderBlocks(text: string, providers: readonly ProviderEntry[]): string {
  const lines = text.split('\n');
  for (const name of PROVIDER_BLOCK_NAMES) {
    const starts = lines.flatMap((line, index) => (begin(name).test(line) ? [index] : []));
    const ends = lines.flatMap((line, index) => (end(name).test(line) ? [index] : []));
    if (starts.length !== 1 || ends.length !== 1 || ends[0]! < starts[0]!)
      throw new Error(
        `${PROVIDER_BLOCKS_SPEC} needs one "# generated: ${name}" line and, after it, one "# end generated: ${name}" line`,
      );
    const indent = begin(name).exec(lines[starts[0]!]!)![1]!;
    lines.splice(
      starts[0]!,
      ends[0]! - starts[0]! + 1,
      `${indent}# generated: ${name} (${SOURCE})`,
      ...blockLines(name, providers).map((line) => indent + line),
      `${indent}# end generated: ${name}`,
    );
  }
  return lines.join('\n');
}

/** The names of the blocks of `text` that differ from what `providers` gives. @throws {Error} as {@link rewriteProviderBlocks} */
export function staleProviderBlocks(text: string, providers: readonly ProviderEntry[]): string[] {
  const fresh = rewriteProviderBlocks(text, providers);
  if (fresh === text) return [];
  return PROVIDER_BLOCK_NAMES.filter((name) => {
    const block = (source: string) => {
      const lines = source.split('\n');
      const start = lines.findIndex((line) => begin(name).test(line));
      return lines.slice(start, lines.findIndex((line, index) => index > start && end(name).test(line)) + 1).join('\n');
    };
    return block(text) !== block(fresh);
  });
}

/**
 * What `npm run check:generated` says of the provider blocks of the repository at `root`: one sentence per
 * stale block (or one for markers it cannot find); empty when they are up to date. Writes nothing.
 */
export function providerBlockProblems(root: string, providers: readonly ProviderEntry[]): string[] {
  const text = readFileSync(join(root, PROVIDER_BLOCKS_SPEC), 'utf8');
  try {
    return staleProviderBlocks(text, providers).map(
      (name) =>
        `${PROVIDER_BLOCKS_SPEC} is stale: its "${name}" block is not what PROVIDER_ADAPTERS gives (${providers.map((p) => p.id).join(', ')})`,
    );
  } catch (error) {
    return [`${PROVIDER_BLOCKS_SPEC}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

/**
 * Rewrites the provider blocks of the repository at `root` from `providers`; returns whether the file changed.
 * @throws {Error} as {@link rewriteProviderBlocks} (nothing is written)
 */
export function writeProviderBlocks(root: string, providers: readonly ProviderEntry[]): boolean {
  const path = join(root, PROVIDER_BLOCKS_SPEC);
  const text = readFileSync(path, 'utf8');
  const fresh = rewriteProviderBlocks(text, providers);
  if (fresh !== text) writeFileSync(path, fresh);
  return fresh !== text;
}
