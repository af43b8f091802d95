import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateTypes } from '../../scripts/lib/generate-types.js';
import { diffGeneratedTypes, type TypeChange } from '../../scripts/lib/type-diff.js';
import { diffSerialization } from '../../scripts/lib/wire-diff.js';
import { copySpecs, repoRoot, runScript } from '../support/run-script.js';

type Spec = Record<string, any>;
const original = readFileSync(join(repoRoot, 'openapi/cometchat.yaml'), 'utf8');
const config = join(repoRoot, 'redocly.yaml');
const before = await generateTypes({ text: original }, config);

/** The changes a mutation of the CometChat spec makes, as spec:diff reports them. */
async function changesAfter(mutate: (spec: Spec) => void): Promise<TypeChange[]> {
  const spec = parse(original) as Spec;
  mutate(spec);
  const after = await generateTypes({ text: JSON.stringify(spec) }, config);
  return diffGeneratedTypes([{ api: 'cometchat', before, after }]);
}

const schemas = (spec: Spec) => spec.components.schemas;
const listParameter = (spec: Spec, name: string) => spec.paths['/conversations'].get.parameters.find((parameter: Spec) => parameter.name === name);

describe('type-diff: breaking or additive for a TypeScript consumer', { timeout: 60_000 }, () => {
  it('finds nothing when nothing changed', async () => {
    expect(await changesAfter(() => {})).toEqual([]);
  });

  it('an optional response field added is additive, named with its operation', async () => {
    const changes = await changesAfter((spec) => {
      schemas(spec).CometChatConversation.properties.pinned = { type: 'boolean' };
    });
    expect(changes).toContainEqual({ api: 'cometchat', operation: 'listConversations', where: 'response 200 data[].pinned', verdict: 'additive', what: 'added (optional, boolean)' });
    expect(changes.every((change) => change.verdict === 'additive')).toBe(true);
  });

  it('a response field removed is breaking', async () => {
    const changes = await changesAfter((spec) => {
      delete schemas(spec).CometChatMessage.properties.muid;
    });
    expect(changes).toContainEqual({ api: 'cometchat', operation: 'listConversations', where: 'response 200 data[].lastMessage.muid', verdict: 'breaking', what: 'removed (was string)' });
  });

  it('a query parameter made required is breaking; a new optional one is additive, a new required one breaking', async () => {
    const changes = await changesAfter((spec) => {
      listParameter(spec, 'unread').required = true;
      spec.paths['/conversations'].get.parameters.push(
        { name: 'withBlocked', in: 'query', schema: { type: 'boolean' } },
        { name: 'region', in: 'query', required: true, schema: { type: 'string' } },
      );
    });
    expect(changes).toContainEqual(expect.objectContaining({ operation: 'listConversations', where: 'query unread', verdict: 'breaking', what: 'now required' }));
    expect(changes).toContainEqual(expect.objectContaining({ where: 'query withBlocked', verdict: 'additive' }));
    expect(changes).toContainEqual(expect.objectContaining({ where: 'query region', verdict: 'breaking', what: 'added (required, string)' }));
  });

  it('a wider response type is breaking, a wider parameter type additive (the compiler decides)', async () => {
    const changes = await changesAfter((spec) => {
      schemas(spec).CometChatMessage.properties.sentAt = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
      listParameter(spec, 'page').schema = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    });
    expect(changes).toContainEqual(expect.objectContaining({ where: 'response 200 data[].lastMessage.sentAt', verdict: 'breaking' }));
    expect(changes).toContainEqual(expect.objectContaining({ where: 'query page', verdict: 'additive', what: 'type number → string | number (now also string)' }));
  });

  it('an enum value added is breaking in a response and additive in a parameter; removed from a parameter, breaking', async () => {
    const changes = await changesAfter((spec) => {
      schemas(spec).CometChatConversationType.enum = ['user', 'group', 'channel'];
      listParameter(spec, 'conversationType').schema = { type: 'string', enum: ['user'] };
    });
    expect(changes).toContainEqual(expect.objectContaining({ operation: 'listConversations', where: 'response 200 data[].conversationType', verdict: 'breaking' }));
    expect(changes).toContainEqual(expect.objectContaining({ where: 'query conversationType', verdict: 'breaking', what: expect.stringContaining('no longer "group"') }));
  });

  it('an operation removed is breaking, one added additive; a request body field retyped narrower is breaking', async () => {
    const changes = await changesAfter((spec) => {
      spec.paths['/users/{uid}/conversation'].get.operationId = 'getUser';
      const media = spec.components.requestBodies.MarkRead.content['application/json'];
      media.schema.properties.messageId = { type: 'string', enum: ['57'] };
      media.example = { messageId: '57' };
    });
    expect(changes).toContainEqual(expect.objectContaining({ operation: 'getUserConversation', where: 'operation', verdict: 'breaking', what: 'removed' }));
    expect(changes).toContainEqual(expect.objectContaining({ operation: 'getUser', where: 'operation', verdict: 'additive', what: 'added' }));
    expect(changes).toContainEqual(expect.objectContaining({ operation: 'markUserConversationRead', where: 'body messageId', verdict: 'breaking' }));
  });
});

describe('wire-diff: what the compiler cannot see', () => {
  it('a parameter sent in another form is breaking, named with its operation; nothing else is reported', () => {
    const after = parse(original) as Spec;
    const tags = listParameter(after, 'tags');
    tags.explode = !tags.explode;
    expect(diffSerialization('cometchat', parse(original) as Spec, after)).toEqual([
      { api: 'cometchat', operation: 'listConversations', where: 'query tags', verdict: 'breaking', what: expect.stringMatching(/^sent as form, explode (true|false) \(was form, explode (true|false)\)/) },
    ]);
  });
});

// Each run generates both versions of every spec and type-checks them: seconds on a loaded machine.
describe('npm run spec:diff', { timeout: 120_000 }, () => {
  const dir = copySpecs();
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '--allow-empty', '-m', 'empty');
  git('add', '-A');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'specs');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const edit = (mutate: (spec: Spec) => void) => {
    const spec = parse(original) as Spec;
    mutate(spec);
    writeFileSync(join(dir, 'openapi/cometchat.yaml'), JSON.stringify(spec, null, 2));
  };

  it('reports no change against HEAD on a clean tree', () => {
    const run = runScript('spec-diff.ts', ['--fail-on-breaking'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Spec changes since HEAD');
    expect(run.stdout).toContain('cometchat (openapi/cometchat.yaml): no changes');
  });

  it('--fail-on-breaking exits 1 on a removed field, naming operation and field', () => {
    edit((spec) => {
      delete schemas(spec).CometChatMessage.properties.muid;
    });
    const failing = runScript('spec-diff.ts', ['--fail-on-breaking'], dir);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/ {2}listConversations\n(.*\n)*? {4}breaking {2}response 200 data\[\]\.lastMessage\.muid: removed/);
  });

  it('--fail-on-breaking exits 0 when every change is additive', () => {
    edit((spec) => {
      schemas(spec).CometChatConversation.properties.pinned = { type: 'boolean' };
    });
    const run = runScript('spec-diff.ts', ['--base', 'HEAD', '--fail-on-breaking'], dir);
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('additive  response 200 data[].pinned: added (optional, boolean)');
  });

  it('compares with an older commit: a spec absent then counts as all added', () => {
    const run = runScript('spec-diff.ts', ['--base=HEAD~1'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('additive  operation: added');
  });

  it('exits 2 on an unknown ref', () => {
    const run = runScript('spec-diff.ts', ['--base', 'no-such-ref'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"no-such-ref" is not a commit');
  });
});
