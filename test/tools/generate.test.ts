import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkGenerated } from '../../scripts/lib/check-generated.js';
import { generateAll } from '../../scripts/lib/generate-all.js';
import { copySpecs } from '../support/run-script.js';

// Generates every spec and type-checks two versions (in process, as scripts/generate.ts does): seconds on a loaded machine.
describe('npm run generate', { timeout: 120_000 }, () => {
  const dir = copySpecs();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('regenerates src/generated/ and prints what changed against the previous output', async () => {
    const specPath = join(dir, 'openapi/cometchat.yaml');
    const spec = parse(readFileSync(specPath, 'utf8'));
    spec.components.schemas.CometChatConversation.properties.pinned = { type: 'boolean' };
    delete spec.components.schemas.CometChatMessage.properties.muid;
    writeFileSync(specPath, JSON.stringify(spec, null, 2));

    const printed: string[] = [];
    const lines = await generateAll(dir, (line) => printed.push(line));
    expect(printed).toEqual(lines);
    const stdout = `${lines.join('\n')}\n`;
    expect(stdout).toContain('./openapi/commbox.yaml → ./src/generated/commbox.ts (unchanged)');
    expect(stdout).toContain('commbox (src/generated/commbox.ts): no changes for a TypeScript consumer');
    expect(stdout).toMatch(
      / {2}listConversations\n(.*\n)*? {4}additive {2}response 200 data\[\]\.pinned: added \(optional, boolean\)/,
    );
    expect(stdout).toContain('breaking  response 200 data[].lastMessage.muid: removed (was string)');
    expect(readFileSync(join(dir, 'src/generated/cometchat.ts'), 'utf8')).toContain('pinned?: boolean;');

    expect((await checkGenerated(dir)).problems).toEqual([]);
  });
});
