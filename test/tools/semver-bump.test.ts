import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { changesetText, describeBump, semverBump } from '../../scripts/lib/semver-bump.js';
import type { TypeChange } from '../../scripts/lib/type-diff.js';
import { copySpecs, runScript } from '../support/run-script.js';

const change = (verdict: TypeChange['verdict'], where = 'response 200 data[].pinned'): TypeChange => ({
  api: 'cometchat',
  operation: 'listConversations',
  where,
  verdict,
  what: verdict === 'breaking' ? 'removed (was string)' : 'added (optional, boolean)',
});

describe('semverBump: the bump spec changes need', () => {
  it('breaking → major, additive only → minor, nothing → none', () => {
    expect(semverBump([change('additive'), change('breaking')])).toBe('major');
    expect(semverBump([change('additive'), change('additive')])).toBe('minor');
    expect(semverBump([])).toBe('none');
    expect(describeBump([change('breaking'), change('additive'), change('additive')])).toBe(
      'Semver bump needed: major (1 breaking, 2 additive)',
    );
  });

  it('writes a changeset whose front matter names the package and the bump', () => {
    const text = changesetText(
      'conversations-client',
      [change('breaking', 'response 200 data[].lastMessage.muid')],
      'v0.1.0',
    );
    expect(text.startsWith('---\n"conversations-client": major\n---\n')).toBe(true);
    expect(text).toContain(
      '- **Breaking:** cometchat `listConversations` response 200 data[].lastMessage.muid: removed (was string)',
    );
    expect(() => changesetText('conversations-client', [], 'v0.1.0')).toThrow(RangeError);
  });
});

describe('npm run spec:diff -- --base <ref> --changeset', { timeout: 240_000 }, () => {
  const dir = copySpecs();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8',
    });

  it('names the bump and writes the changeset for an additive change', () => {
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'release');
    git('tag', 'v0.1.0');
    const file = join(dir, 'openapi/cometchat.yaml');
    const spec = parse(readFileSync(file, 'utf8'));
    spec.components.schemas.CometChatConversation.properties.pinned = { type: 'boolean' };
    writeFileSync(file, stringify(spec));

    const run = runScript('spec-diff.ts', ['--base', 'v0.1.0', '--changeset'], dir);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.stdout).toContain('Semver bump needed: minor (0 breaking, ');
    expect(readdirSync(join(dir, '.changeset'))).toEqual(['spec-changes-v0.1.0.md']);
    const written = readFileSync(join(dir, '.changeset', 'spec-changes-v0.1.0.md'), 'utf8');
    expect(written).toMatch(/^---\n"conversations-client": minor\n---\n/);
    expect(written).toContain('pinned');
  });
});
