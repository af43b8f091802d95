import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateTypes, generateTypesLenient } from '../../scripts/lib/generate-types.js';
import { diffGeneratedTypes, GeneratedTypesError, type TypeChange } from '../../scripts/lib/type-diff.js';
import { diffSerialization } from '../../scripts/lib/wire-diff.js';
import { runSpecDiff } from '../../scripts/lib/spec-diff-run.js';
import { copySpecs, repoRoot, runScript } from '../support/run-script.js';

type Spec = Record<string, any>;
const original = readFileSync(join(repoRoot, 'openapi/cometchat.yaml'), 'utf8');
const config = join(repoRoot, 'redocly.yaml');
const before = await generateTypes({ text: original }, config);

const schemas = (spec: Spec) => spec.components.schemas;
const listParameter = (spec: Spec, name: string) =>
  spec.paths['/conversations'].get.parameters.find((parameter: Spec) => parameter.name === name);
const userConversation = (spec: Spec) => spec.paths['/users/{uid}/conversation'].get;

/**
 * Each case edits the CometChat spec (and, when it says so, the old side too). `lenient` cases
 * break our lint (no operationId) and are generated as spec:diff --old/--new does, with no lint rule.
 */
const cases: Record<string, { after: (spec: Spec) => void; before?: (spec: Spec) => void; lenient?: boolean }> = {
  unchanged: { after: () => {} },
  pinned: {
    after: (spec) => {
      schemas(spec).CometChatConversation.properties.pinned = { type: 'boolean' };
    },
  },
  muid: {
    after: (spec) => {
      delete schemas(spec).CometChatMessage.properties.muid;
    },
  },
  parameters: {
    after: (spec) => {
      listParameter(spec, 'unread').required = true;
      spec.paths['/conversations'].get.parameters.push(
        { name: 'withBlocked', in: 'query', schema: { type: 'boolean' } },
        { name: 'region', in: 'query', required: true, schema: { type: 'string' } },
      );
    },
  },
  wider: {
    after: (spec) => {
      schemas(spec).CometChatMessage.properties.sentAt = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
      listParameter(spec, 'page').schema = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    },
  },
  enums: {
    after: (spec) => {
      schemas(spec).CometChatConversationType.enum = ['user', 'group', 'channel'];
      listParameter(spec, 'conversationType').schema = { type: 'string', enum: ['user'] };
    },
  },
  renamed: {
    after: (spec) => {
      userConversation(spec).operationId = 'getUser';
      const media = spec.components.requestBodies.MarkRead.content['application/json'];
      media.schema.properties.messageId = { type: 'string', enum: ['57'] };
      media.example = { messageId: '57' };
    },
  },
  // Operations without an operationId: keyed by method and path, never ignored.
  noIdEitherSide: {
    lenient: true,
    before: (spec) => {
      delete userConversation(spec).operationId;
    },
    after: (spec) => {
      delete userConversation(spec).operationId;
      delete schemas(spec).CometChatMessage.properties.muid;
    },
  },
  idDeleted: {
    lenient: true,
    after: (spec) => {
      delete userConversation(spec).operationId;
      delete schemas(spec).CometChatMessage.properties.muid;
    },
  },
};

/** The generated module of the spec after an edit. */
function generateEdited(mutate: (spec: Spec) => void, lenient = false): Promise<string> {
  const spec = parse(original) as Spec;
  mutate(spec);
  return lenient ? generateTypesLenient(spec) : generateTypes({ text: JSON.stringify(spec) }, config);
}

// Every case in one compilation: the program and its libs are built once (the identical old sides once).
const generated = await Promise.all(
  Object.entries(cases).map(async ([name, edit]) => ({
    api: name,
    before: edit.before ? await generateEdited(edit.before, edit.lenient) : before,
    after: await generateEdited(edit.after, edit.lenient),
  })),
);
const allChanges = diffGeneratedTypes(generated);

/** The changes one case makes, as spec:diff reports them for the CometChat API. */
const changesOf = (name: keyof typeof cases): TypeChange[] =>
  allChanges.filter((change) => change.api === name).map((change) => ({ ...change, api: 'cometchat' }));

describe('type-diff: breaking or additive for a TypeScript consumer', () => {
  it('finds nothing when nothing changed', () => {
    expect(changesOf('unchanged')).toEqual([]);
  });

  it('an optional response field added is additive, named with its operation', () => {
    const changes = changesOf('pinned');
    expect(changes).toContainEqual({
      api: 'cometchat',
      operation: 'listConversations',
      where: 'response 200 data[].pinned',
      verdict: 'additive',
      what: 'added (optional, boolean)',
    });
    expect(changes.every((change) => change.verdict === 'additive')).toBe(true);
  });

  it('a response field removed is breaking', () => {
    expect(changesOf('muid')).toContainEqual({
      api: 'cometchat',
      operation: 'listConversations',
      where: 'response 200 data[].lastMessage.muid',
      verdict: 'breaking',
      what: 'removed (was string)',
    });
  });

  it('a query parameter made required is breaking; a new optional one is additive, a new required one breaking', () => {
    const changes = changesOf('parameters');
    expect(changes).toContainEqual(
      expect.objectContaining({
        operation: 'listConversations',
        where: 'query unread',
        verdict: 'breaking',
        what: 'now required',
      }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ where: 'query withBlocked', verdict: 'additive' }));
    expect(changes).toContainEqual(
      expect.objectContaining({ where: 'query region', verdict: 'breaking', what: 'added (required, string)' }),
    );
  });

  it('a wider response type is breaking, a wider parameter type additive (the compiler decides)', () => {
    const changes = changesOf('wider');
    expect(changes).toContainEqual(
      expect.objectContaining({ where: 'response 200 data[].lastMessage.sentAt', verdict: 'breaking' }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        where: 'query page',
        verdict: 'additive',
        what: 'type number → string | number (now also string)',
      }),
    );
  });

  it('an enum value added is breaking in a response and additive in a parameter; removed from a parameter, breaking', () => {
    const changes = changesOf('enums');
    expect(changes).toContainEqual(
      expect.objectContaining({
        operation: 'listConversations',
        where: 'response 200 data[].conversationType',
        verdict: 'breaking',
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({
        where: 'query conversationType',
        verdict: 'breaking',
        what: expect.stringContaining('no longer "group"'),
      }),
    );
  });

  it('an operation removed is breaking, one added additive; a request body field retyped narrower is breaking', () => {
    const changes = changesOf('renamed');
    expect(changes).toContainEqual(
      expect.objectContaining({
        operation: 'getUserConversation',
        where: 'operation',
        verdict: 'breaking',
        what: 'removed',
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ operation: 'getUser', where: 'operation', verdict: 'additive', what: 'added' }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ operation: 'markUserConversationRead', where: 'body messageId', verdict: 'breaking' }),
    );
  });

  it('an operation without operationId on both sides is compared by method and path', () => {
    expect(changesOf('noIdEitherSide')).toContainEqual({
      api: 'cometchat',
      operation: 'GET /users/{uid}/conversation',
      where: 'response 200 data.lastMessage.muid',
      verdict: 'breaking',
      what: 'removed (was string)',
    });
  });

  it('an operationId deleted is breaking, and the operation is still compared field by field', () => {
    const changes = changesOf('idDeleted');
    const operation = 'GET /users/{uid}/conversation (was getUserConversation)';
    expect(changes).toContainEqual(
      expect.objectContaining({
        operation,
        where: 'operation',
        verdict: 'breaking',
        what: expect.stringContaining('operationId getUserConversation removed'),
      }),
    );
    expect(changes).toContainEqual(
      expect.objectContaining({ operation, where: 'response 200 data.lastMessage.muid', verdict: 'breaking' }),
    );
  });

  it('a side whose generated module does not compile is an error naming the side and its first errors, not a verdict', () => {
    const broken = `${before}\nexport type Broken = components["nope"];\n`;
    const attempt = () =>
      diffGeneratedTypes([
        {
          api: 'cometchat',
          before,
          after: broken,
          labels: { before: 'HEAD:openapi/cometchat.yaml', after: 'openapi/cometchat.yaml (working tree)' },
        },
      ]);
    expect(attempt).toThrow(GeneratedTypesError);
    expect(attempt).toThrow(
      /^openapi\/cometchat\.yaml \(working tree\): its generated types do not compile \(1 TypeScript error\), first:\n {2}\d+:\d+ TS2339 Property 'nope' does not exist/,
    );
    expect(() => diffGeneratedTypes([{ api: 'cometchat', before: broken, after: before }])).toThrow(
      /^cometchat before: /,
    );
  });
});

describe('wire-diff: what the compiler cannot see', () => {
  it('a parameter sent in another form is breaking, named with its operation; nothing else is reported', () => {
    const after = parse(original) as Spec;
    const tags = listParameter(after, 'tags');
    tags.explode = !tags.explode;
    expect(diffSerialization('cometchat', parse(original) as Spec, after)).toEqual([
      {
        api: 'cometchat',
        operation: 'listConversations',
        where: 'query tags',
        verdict: 'breaking',
        what: expect.stringMatching(/^sent as form, explode (true|false) \(was form, explode (true|false)\)/),
      },
    ]);
  });
});

/** spec:diff run in process in `cwd`, its report and errors captured. */
async function specDiff(cwd: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runSpecDiff(args, { cwd, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

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

  it('reports no change against HEAD on a clean tree', async () => {
    const run = await specDiff(dir, '--fail-on-breaking');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Spec changes since HEAD');
    expect(run.stdout).toContain('cometchat (openapi/cometchat.yaml): no changes');
  });

  it('--fail-on-breaking exits 1 on a removed field, naming operation and field', async () => {
    edit((spec) => {
      delete schemas(spec).CometChatMessage.properties.muid;
    });
    const failing = await specDiff(dir, '--fail-on-breaking');
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(
      / {2}listConversations\n(.*\n)*? {4}breaking {2}response 200 data\[\]\.lastMessage\.muid: removed/,
    );
  });

  it('--fail-on-breaking exits 0 when every change is additive', async () => {
    edit((spec) => {
      schemas(spec).CometChatConversation.properties.pinned = { type: 'boolean' };
    });
    const run = await specDiff(dir, '--base', 'HEAD', '--fail-on-breaking');
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('additive  response 200 data[].pinned: added (optional, boolean)');
  });

  it('compares with an older commit: a spec absent then counts as all added', async () => {
    const run = await specDiff(dir, '--base=HEAD~1');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('additive  operation: added');
  });

  it('a spec that does not generate is an error naming the side', async () => {
    writeFileSync(join(dir, 'openapi/cometchat.yaml'), 'openapi: 3.0.3\npaths: [\n');
    const run = await specDiff(dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^spec:diff: openapi\/cometchat\.yaml \(working tree\): /);
  });

  it('exits 2 on an unknown ref or an unknown option (the script itself, spawned)', async () => {
    const run = runScript('spec-diff.ts', ['--base', 'no-such-ref'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('"no-such-ref" is not a commit');
    const unknown = await specDiff(dir, '--olde', 'x');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--olde'");
  });
});
