import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  PROVIDER_BLOCKS_SPEC,
  providerBlockProblems,
  providerEntries,
  rewriteProviderBlocks,
  staleProviderBlocks,
  writeProviderBlocks,
} from '../../scripts/lib/provider-blocks.js';
import { PROVIDER_ADAPTERS } from '../../src/vendors/providers.js';
import { THREE_PROVIDERS } from '../third-vendor/providers.js';

// openapi/inbox.yaml's vendor lists (the Provider enum, the summary's byProvider) come from PROVIDER_ADAPTERS
// (scripts/provider-blocks.ts, run by `npm run generate`, checked by `npm run check:generated`).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPEC = readFileSync(join(ROOT, PROVIDER_BLOCKS_SPEC), 'utf8');
const TWO = providerEntries(PROVIDER_ADAPTERS);
const THREE = providerEntries(THREE_PROVIDERS);

type Schema = { enum?: string[]; required?: string[]; description?: string; properties?: Record<string, Schema> };
const schemasOf = (text: string) =>
  (parse(text) as { components: { schemas: Record<string, Schema> } }).components.schemas;
/** The lines outside the marked blocks. */
const outside = (text: string) => text.replace(/^\s*# generated: ([a-z-]+)\b[\s\S]*?# end generated: \1\n/gm, '');

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});
/** A scratch repository root holding a copy of the spec. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'provider-blocks-'));
  scratch.push(dir);
  cpSync(join(ROOT, 'openapi'), join(dir, 'openapi'), { recursive: true });
  return dir;
}

describe('provider blocks of openapi/inbox.yaml', () => {
  it('the committed spec is what PROVIDER_ADAPTERS gives', () => {
    expect(staleProviderBlocks(SPEC, TWO)).toEqual([]);
    expect(rewriteProviderBlocks(SPEC, TWO)).toBe(SPEC);
    const schemas = schemasOf(SPEC);
    expect(schemas.Provider!.enum).toEqual(['commbox', 'cometchat']);
    expect(schemas.InboxSummary!.properties!.byProvider!.required).toEqual(['commbox', 'cometchat']);
    expect(providerBlockProblems(ROOT, TWO)).toEqual([]);
  });

  it('a stale block is detected and named (check:generated fails), and generate rewrites it', () => {
    const dir = copy();
    const path = join(dir, PROVIDER_BLOCKS_SPEC);
    const edited = SPEC.replace('enum: [commbox, cometchat]', 'enum: [commbox]');
    expect(edited).not.toBe(SPEC);
    expect(staleProviderBlocks(edited, TWO)).toEqual(['provider-enum']);
    const withoutProperty = SPEC.replace(/^\s*cometchat: \{ type: integer.*\n/m, '');
    expect(staleProviderBlocks(withoutProperty, TWO)).toEqual(['by-provider']);
    writeFileSync(path, edited);
    expect(providerBlockProblems(dir, TWO)).toEqual([
      `${PROVIDER_BLOCKS_SPEC} is stale: its "provider-enum" block is not what PROVIDER_ADAPTERS gives (commbox, cometchat)`,
    ]);
    expect(writeProviderBlocks(dir, TWO)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(SPEC);
    expect(writeProviderBlocks(dir, TWO)).toBe(false);
  });

  it('a three-vendor list rewrites both blocks, ids and display names, and nothing else', () => {
    const three = rewriteProviderBlocks(SPEC, THREE);
    expect(staleProviderBlocks(SPEC, THREE)).toEqual(['provider-enum', 'by-provider']);
    const schemas = schemasOf(three);
    expect(schemas.Provider!.enum).toEqual(['commbox', 'cometchat', 'threadly']);
    expect(schemas.Provider!.description).toBe(
      'The vendor a conversation or a failure comes from: `commbox` (CommBox), `cometchat` (CometChat) or `threadly` (Threadly).',
    );
    const byProvider = schemas.InboxSummary!.properties!.byProvider!;
    expect(byProvider.required).toEqual(['commbox', 'cometchat', 'threadly']);
    expect(byProvider.properties).toEqual({
      commbox: { type: 'integer', minimum: 0, description: 'Unread messages at CommBox.' },
      cometchat: { type: 'integer', minimum: 0, description: 'Unread messages at CometChat.' },
      threadly: { type: 'integer', minimum: 0, description: 'Unread messages at Threadly.' },
    });
    expect(byProvider.description).toBe('The same, by provider (0 for one not configured or not read).');
    expect(outside(three)).toBe(outside(SPEC));
    expect(outside(SPEC)).not.toMatch(/enum: \[commbox/);
    expect(rewriteProviderBlocks(three, THREE)).toBe(three);
    expect(rewriteProviderBlocks(three, TWO)).toBe(SPEC);
  });

  it('refuses missing markers and ids that are no URL segment, naming them', () => {
    expect(() => rewriteProviderBlocks(SPEC.replace('# end generated: by-provider', ''), TWO)).toThrow(
      /one "# generated: by-provider" line and, after it, one "# end generated: by-provider" line/,
    );
    expect(providerBlockProblems(ROOT, [{ id: 'Bad Id', displayName: 'Bad' }])).toEqual([
      `${PROVIDER_BLOCKS_SPEC}: Provider id "Bad Id" is not a-z 0-9 - (starting with a letter)`,
    ]);
    expect(() => rewriteProviderBlocks(SPEC, [...TWO, TWO[0]!])).toThrow(/"commbox" is listed twice/);
    expect(() => rewriteProviderBlocks(SPEC, [])).toThrow(/empty/);
  });
});
