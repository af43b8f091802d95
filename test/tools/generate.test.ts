import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copySpecs, runScript } from '../support/run-script.js';

// Each run generates every spec and type-checks two versions: seconds on a loaded machine.
describe('npm run generate', { timeout: 120_000 }, () => {
  const dir = copySpecs();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('regenerates src/generated/ and prints what changed against the previous output', () => {
    const specPath = join(dir, 'openapi/cometchat.yaml');
    const spec = parse(readFileSync(specPath, 'utf8'));
    spec.components.schemas.CometChatConversation.properties.pinned = { type: 'boolean' };
    delete spec.components.schemas.CometChatMessage.properties.muid;
    writeFileSync(specPath, JSON.stringify(spec, null, 2));

    const run = runScript('generate.ts', [], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('./openapi/commbox.yaml → ./src/generated/commbox.ts (unchanged)');
    expect(run.stdout).toContain('commbox (src/generated/commbox.ts): no changes for a TypeScript consumer');
    expect(run.stdout).toMatch(/ {2}listConversations\n(.*\n)*? {4}additive {2}response 200 data\[\]\.pinned: added \(optional, boolean\)/);
    expect(run.stdout).toContain('breaking  response 200 data[].lastMessage.muid: removed (was string)');
    expect(readFileSync(join(dir, 'src/generated/cometchat.ts'), 'utf8')).toContain('pinned?: boolean;');

    const check = runScript('check-generated.ts', [], dir);
    expect(check.status, check.stderr).toBe(0);
  });
});
