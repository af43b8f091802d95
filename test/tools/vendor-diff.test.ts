import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { explain, loadDeviations, type Deviation } from '../../scripts/lib/deviations.js';
import { diffVendorDocument, type JsonObject } from '../../scripts/lib/vendor-diff.js';
import { describeVendorDocs, seedOpenApiText, vendorApiDocsDir, vendorDocsDir } from '../support/seeds.js';
import { repoRoot, runScript } from '../support/run-script.js';
import { runVendorDiff } from '../../scripts/lib/vendor-diff-run.js';

/** spec:vendor-diff run in process (from the repository root), its report and errors captured. */
async function vendorDiffRun(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runVendorDiff(args, {
    cwd: repoRoot,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** A small API of ours: one operation, a query parameter, a response with a referenced schema. */
function ours(): JsonObject {
  return {
    openapi: '3.0.3',
    paths: {
      '/things/{thingId}': {
        get: {
          operationId: 'getThing',
          parameters: [
            { name: 'thingId', in: 'path', required: true, schema: { type: 'integer' } },
            {
              name: 'tags',
              in: 'query',
              style: 'form',
              explode: false,
              schema: { type: 'array', items: { type: 'string' } },
            },
          ],
          responses: {
            '200': {
              description: 'OK',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
          },
        },
      },
    },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          required: ['id'],
          properties: {
            id: { type: 'integer' },
            name: { type: 'string', nullable: true },
            kind: { type: 'string', enum: ['small', 'large'] },
            createdAt: { $ref: '#/components/schemas/Time' },
          },
        },
        Time: { type: 'string' },
      },
    },
  };
}

/** The vendor's version of the same API, written inline as vendors do (other parameter name, no $ref). */
function vendor(): JsonObject {
  const doc = ours();
  const thing = structuredClone((doc.components as any).schemas.Thing);
  thing.properties.createdAt = { type: 'string' };
  (doc.paths as any)['/things/{id}'] = (doc.paths as any)['/things/{thingId}'];
  delete (doc.paths as any)['/things/{thingId}'];
  const get = (doc.paths as any)['/things/{id}'].get;
  get.parameters[0].name = 'id';
  get.responses['200'].content['application/json'].schema = thing;
  delete doc.components;
  return doc;
}

const diff = (vendorDoc: JsonObject, aliases = []) =>
  diffVendorDocument(vendorDoc, [{ name: 'things', doc: ours() }], aliases);
const vendorThing = (doc: JsonObject) =>
  (doc.paths as any)['/things/{id}'].get.responses['200'].content['application/json'].schema;

describe('vendor-diff on small vendor-like documents', () => {
  it('matches an operation by method and path whatever the path parameters are called, and finds nothing more', () => {
    const result = diff(vendor());
    expect(result.matched).toEqual([
      { api: 'things', operation: 'getThing', ours: 'GET /things/{thingId}', vendor: 'GET /things/{id}' },
    ]);
    expect(result.differences).toEqual([]);
  });

  it('names a field the vendor added, and one it removed, with pointers on both sides', () => {
    const doc = vendor();
    vendorThing(doc).properties.colour = { type: 'string' };
    delete vendorThing(doc).properties.name;
    const { differences } = diff(doc);
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'vendor-only-property',
        name: 'colour',
        vendor: '/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/properties/colour',
      }),
    );
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'ours-only-property',
        name: 'name',
        ours: expect.arrayContaining(['/components/schemas/Thing']),
      }),
    );
    expect(differences).toHaveLength(2);
  });

  it('names a retyped field, a new nullability, a known format, a changed enum and a required flag', () => {
    const doc = vendor();
    const thing = vendorThing(doc);
    thing.properties.id = { type: 'string' };
    thing.properties.name = { type: 'string' };
    thing.properties.createdAt = { type: 'string', format: 'date-time' };
    thing.properties.kind = { type: 'string', enum: ['small', 'large', 'huge'] };
    thing.required = [];
    const { differences } = diff(doc);
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'type',
        ours: expect.arrayContaining(['/components/schemas/Thing/properties/id']),
        vendorSays: 'string',
        oursSays: 'integer',
      }),
    );
    expect(differences).toContainEqual(
      expect.objectContaining({ kind: 'nullable', vendorSays: 'not nullable', oursSays: 'nullable' }),
    );
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'format',
        ours: expect.arrayContaining(['/components/schemas/Time']),
        vendorSays: 'date-time',
      }),
    );
    expect(differences).toContainEqual(
      expect.objectContaining({ kind: 'enum', vendorSays: 'huge | large | small', oursSays: 'large | small' }),
    );
    expect(differences).toContainEqual(
      expect.objectContaining({ kind: 'required', name: 'id', vendorSays: 'optional', oursSays: 'required' }),
    );
    expect(differences).toHaveLength(5);
  });

  it('ignores formats no validator knows (the vendor writes lengths there)', () => {
    const doc = vendor();
    vendorThing(doc).properties.name = { type: 'string', nullable: true, format: '100' };
    expect(diff(doc).differences).toEqual([]);
  });

  it('names parameters: added, removed, newly required, and an array sent another way', () => {
    const doc = vendor();
    const parameters = (doc.paths as any)['/things/{id}'].get.parameters;
    parameters[1] = { name: 'tags', in: 'query', required: true, schema: { type: 'array', items: { type: 'string' } } };
    parameters.push({ name: 'pageSize', in: 'query', schema: { type: 'integer' } });
    const { differences } = diff(doc);
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'vendor-only-parameter',
        name: 'query pageSize',
        ours: ['/paths/~1things~1{thingId}/get'],
      }),
    );
    expect(differences).toContainEqual(expect.objectContaining({ kind: 'required', name: 'query tags' }));
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'style',
        name: 'query tags',
        vendorSays: 'form, explode true',
        oursSays: 'form, explode false',
      }),
    );
    parameters.splice(1, 1);
    expect(diff(doc).differences).toContainEqual(
      expect.objectContaining({ kind: 'ours-only-parameter', name: 'query tags' }),
    );
  });

  it('matches another path only through an alias, and reports a response code only the vendor documents', () => {
    const doc = vendor();
    (doc.paths as any)['/v1/things/{id}'] = (doc.paths as any)['/things/{id}'];
    delete (doc.paths as any)['/things/{id}'];
    (doc.paths as any)['/v1/things/{id}'].get.responses['202'] = { description: 'Accepted' };
    expect(diff(doc).matched).toEqual([]);
    const result = diff(doc, [
      { api: 'things', ours: 'GET /things/{thingId}', vendor: 'GET /v1/things/{id}' },
    ] as never);
    expect(result.matched).toHaveLength(1);
    expect(result.differences).toEqual([expect.objectContaining({ kind: 'vendor-only-response', name: '202' })]);
  });

  it('a deviation explains a difference by pointer, kind, name and what the vendor says; a new statement is not explained', () => {
    const doc = vendor();
    vendorThing(doc).properties.id = { type: 'string' };
    const [difference] = diff(doc).differences;
    const deviation: Deviation = {
      id: 'id-as-integer',
      api: 'things',
      ours: '/components/schemas/Thing/properties/id',
      kind: 'type',
      vendor: { document: 'test', says: 'string' },
      why: 'test',
    };
    expect(explain(difference!, [deviation])).toBe(deviation);
    expect(explain({ ...difference!, vendorSays: 'boolean' }, [deviation])).toBeUndefined();
    expect(explain(difference!, [{ ...deviation, kind: 'format' }])).toBeUndefined();
    expect(explain(difference!, [{ ...deviation, ours: '/components/schemas/Thing/properties/name' }])).toBeUndefined();
  });
});

describe('vendor-diff: anyOf/oneOf alternatives and malformed references', () => {
  /** The vendor states Thing as two alternatives; ours as one object or (second call) two anyOf branches. */
  function vendorWithBranches(): JsonObject {
    const doc = vendor();
    const thing = vendorThing(doc);
    const post = { type: 'object', properties: { id: { type: 'integer' }, text: { type: 'string' } } };
    (doc.paths as any)['/things/{id}'].get.responses['200'].content['application/json'].schema = {
      type: 'array',
      items: { oneOf: [thing, post] },
    };
    return doc;
  }
  function oursWithBranches(): JsonObject {
    const doc = ours();
    (doc.components as any).schemas.Post = {
      type: 'object',
      properties: { id: { type: 'integer' }, text: { type: 'string' } },
    };
    (doc.components as any).schemas.Item = {
      anyOf: [{ $ref: '#/components/schemas/Thing' }, { $ref: '#/components/schemas/Post' }],
    };
    (doc.paths as any)['/things/{thingId}'].get.responses['200'].content['application/json'].schema = {
      type: 'array',
      items: { $ref: '#/components/schemas/Item' },
    };
    return doc;
  }
  const branchDiff = (vendorDoc: JsonObject) =>
    diffVendorDocument(vendorDoc, [{ name: 'things', doc: oursWithBranches() }]).differences;
  const branches = (doc: JsonObject) =>
    (doc.paths as any)['/things/{id}'].get.responses['200'].content['application/json'].schema.items.oneOf;

  it('finds nothing when each vendor branch matches one of ours', () => {
    expect(branchDiff(vendorWithBranches())).toEqual([]);
  });

  it('an edit in the second branch is found as well as one in the first, each naming its branch', () => {
    const second = vendorWithBranches();
    branches(second)[1].properties.id = { type: 'boolean' };
    expect(branchDiff(second)).toEqual([
      expect.objectContaining({
        kind: 'type',
        vendorSays: 'boolean',
        oursSays: 'integer',
        branch: '[] oneOf[1]',
        ours: expect.arrayContaining(['/components/schemas/Post/properties/id']),
      }),
    ]);
    const first = vendorWithBranches();
    branches(first)[0].properties.id = { type: 'boolean' };
    expect(branchDiff(first)).toEqual([
      expect.objectContaining({
        kind: 'type',
        vendorSays: 'boolean',
        branch: '[] oneOf[0]',
        ours: expect.arrayContaining(['/components/schemas/Thing/properties/id']),
      }),
    ]);
  });

  it('a pin of deviations.yaml pairs a vendor branch with a schema of ours where shape cannot', () => {
    // Both of our alternatives declare `id`; the vendor's second branch holds only `id`, so shape ties.
    const doc = vendorWithBranches();
    branches(doc)[1] = { type: 'object', properties: { id: { type: 'string' } } };
    const unpinned = branchDiff(doc).filter((difference) => difference.kind === 'type');
    expect(unpinned).toEqual([
      expect.objectContaining({ ours: expect.arrayContaining(['/components/schemas/Thing/properties/id']) }),
    ]);
    const pin = {
      api: 'things',
      vendor: '/paths/~1things~1{id}/get/responses/200/content/application~1json/schema/items/oneOf/1',
      ours: '/components/schemas/Post',
    };
    const pinned = diffVendorDocument(doc, [{ name: 'things', doc: oursWithBranches() }], [], [pin]).differences.filter(
      (difference) => difference.kind === 'type',
    );
    expect(pinned).toEqual([
      expect.objectContaining({
        vendorSays: 'string',
        branch: '[] oneOf[1]',
        ours: expect.arrayContaining(['/components/schemas/Post/properties/id']),
      }),
    ]);
  });

  it('a field only one branch declares is named with that branch', () => {
    const doc = vendorWithBranches();
    branches(doc)[1].properties.pinned = { type: 'boolean' };
    expect(branchDiff(doc)).toEqual([
      expect.objectContaining({ kind: 'vendor-only-property', name: 'pinned', branch: '[] oneOf[1]' }),
    ]);
  });

  it('a schema that refers to a parameter, an example or nothing is a finding, not "any"', () => {
    const doc = vendor();
    doc.components = {
      parameters: { ID: { name: 'id', in: 'path', required: true, schema: { type: 'integer' } } },
      examples: { Name: { value: 'x' } },
    };
    const get = (doc.paths as any)['/things/{id}'].get;
    get.parameters[0].schema = { $ref: '#/components/parameters/ID' };
    vendorThing(doc).properties.name = { $ref: '#/components/examples/Name' };
    vendorThing(doc).properties.kind = { $ref: '#/components/schemas/Missing' };
    const malformed = diff(doc).differences.filter((difference) => difference.kind === 'malformed-schema');
    expect(malformed).toEqual([
      expect.objectContaining({
        vendor: '/paths/~1things~1{id}/get/parameters/0/schema',
        vendorSays: '$ref #/components/parameters/ID (a parameter object, not a schema)',
        oursSays: 'integer',
      }),
      expect.objectContaining({ vendorSays: '$ref #/components/examples/Name (an example object, not a schema)' }),
      expect.objectContaining({ vendorSays: '$ref #/components/schemas/Missing (leads nowhere)' }),
    ]);
  });
});

describe('openapi/deviations.yaml', () => {
  const { aliases, deviations } = loadDeviations(join(repoRoot, 'openapi/deviations.yaml'));
  const specs: Record<string, JsonObject> = {
    commbox: parse(readFileSync(join(repoRoot, 'openapi/commbox.yaml'), 'utf8')),
    cometchat: parse(readFileSync(join(repoRoot, 'openapi/cometchat.yaml'), 'utf8')),
    webhooks: parse(readFileSync(join(repoRoot, 'openapi/webhooks.yaml'), 'utf8')),
  };
  const at = (doc: JsonObject, pointer: string) =>
    pointer
      .split('/')
      .slice(1)
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<any>((node, key) => node?.[key], doc);

  it('every entry points at a node of our spec, says why, and has a unique id', () => {
    expect(deviations.length).toBeGreaterThan(10);
    expect(new Set(deviations.map((deviation) => deviation.id)).size).toBe(deviations.length);
    for (const deviation of deviations) {
      for (const pointer of [deviation.ours].flat())
        expect(at(specs[deviation.api]!, pointer), `${deviation.id}: ${pointer}`).toBeDefined();
      expect(deviation.why.length, deviation.id).toBeGreaterThan(40);
    }
  });

  it('every alias names an operation of ours', () => {
    for (const alias of aliases) {
      const [method, path] = alias.ours.split(' ');
      expect(
        at(specs[alias.api]!, `/paths/${path!.replace(/\//g, '~1')}/${method!.toLowerCase()}`),
        alias.ours,
      ).toBeDefined();
    }
  });
});

describe('npm run spec:vendor-diff', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'vendor-doc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A vendor-like YAML document of one CometChat operation, as our spec states it. */
  function markReadDocument(messageId: JsonObject): string {
    return stringify({
      openapi: '3.0.0',
      info: { title: 'Chat APIs', version: '3.0' },
      paths: {
        '/groups/{guid}/conversation/read': {
          post: {
            parameters: [
              { name: 'onBehalfOf', in: 'header', required: true, schema: { type: 'string' } },
              { name: 'guid', in: 'path', required: true, schema: { type: 'string' } },
            ],
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { messageId } } } } },
            responses: {
              '200': {
                description: 'OK',
                content: {
                  'application/json': { schema: { type: 'object', properties: { data: { type: 'object' } } } },
                },
              },
            },
          },
        },
      },
    });
  }

  it('exits 0 on a document whose differences deviations.yaml explains', async () => {
    writeFileSync(join(dir, 'mark-read.yaml'), markReadDocument({ type: 'integer' }));
    const run = await vendorDiffRun(join(dir, 'mark-read.yaml'), '--verbose');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('POST /groups/{guid}/conversation/read → cometchat markGroupConversationRead');
    expect(run.stdout).toContain('[cometchat-mark-read-message-id]');
  });

  it('exits 1 naming the difference when the vendor states something new', async () => {
    writeFileSync(join(dir, 'mark-read.yaml'), markReadDocument({ type: 'boolean' }));
    const run = await vendorDiffRun(join(dir, 'mark-read.yaml'));
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/UNEXPLAINED type at \S*messageId: vendor boolean/);
  });

  it('exits 2 when the document covers none of our operations (the script itself, spawned)', () => {
    writeFileSync(
      join(dir, 'other.json'),
      JSON.stringify({ openapi: '3.0.0', paths: { '/elsewhere': { get: { responses: {} } } } }),
    );
    const run = runScript('spec-vendor-diff.ts', [join(dir, 'other.json')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('None of its operations is one of ours');
  });
});

describe('spec:vendor-diff on the CommBox Get User Objects v2 page', { timeout: 60_000 }, () => {
  const docs = vendorDocsDir();
  console.log(`spec:vendor-diff: ${describeVendorDocs()}${docs ? ' (checked: 000, CommBox Get User Objects v2)' : ''}`);
  if (!docs) {
    it('says that the vendor documents folder is absent (VENDOR_DOCS_DIR)', () => {
      expect(vendorDocsDir()).toBeUndefined();
    });
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'seed-000-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const published = () => JSON.parse(seedOpenApiText(docs, '000'));
  const item = (doc: any) =>
    doc.paths['/v2/users/identities/{USER_IDENTITY_ID}/objects'].get.responses['200'].content['application/json'].schema
      .properties.data.items;
  const check = (doc: unknown, name: string) => {
    writeFileSync(join(scratch, name), JSON.stringify(doc));
    return vendorDiffRun(join(scratch, name));
  };

  it('exits 0: every difference from the published document is explained by deviations.yaml', async () => {
    const run = await check(published(), 'published.json');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 operation compared: (\d+) differences, \1 explained/);
  });

  it('exits 1 naming a field the vendor adds', async () => {
    const doc = published();
    item(doc).properties.unreadMentions = { type: 'integer' };
    const run = await check(doc, 'added.json');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('UNEXPLAINED vendor-only-property unreadMentions');
  });

  it('exits 1 naming a field the vendor retypes', async () => {
    const doc = published();
    item(doc).properties.unreadMessages = { type: 'string' };
    const run = await check(doc, 'retyped.json');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/UNEXPLAINED type at \S*unreadMessages: vendor string/);
  });

  it('reads the page itself: its ```json block', async () => {
    const page = join(scratch, 'page.txt');
    writeFileSync(
      page,
      `# Get User Objects\n\n\`\`\`\`json GET /v2/users/identities/{USER_IDENTITY_ID}/objects\n${seedOpenApiText(docs, '000')}\n\`\`\`\`\n`,
    );
    expect((await vendorDiffRun(page)).status).toBe(0);
  });
});

describe('every vendor document at hand is fully explained, and every deviation explains something', () => {
  const seeds = vendorDocsDir();
  const whole = vendorApiDocsDir();
  const documents: { label: string; doc: JsonObject }[] = [];
  if (seeds) {
    documents.push({ label: '000 CommBox Get User Objects v2', doc: JSON.parse(seedOpenApiText(seeds, '000')) });
    documents.push({ label: '002 CommBox Get Stream Objects', doc: JSON.parse(seedOpenApiText(seeds, '002')) });
  }
  for (const file of ['commbox-Commbox.json', 'cometchat-chat-apis.json']) {
    if (whole && existsSync(join(whole, file)))
      documents.push({ label: join(whole, file), doc: JSON.parse(readFileSync(join(whole, file), 'utf8')) });
  }
  console.log(
    `vendor documents checked against deviations.yaml: ${documents.map((document) => document.label).join('; ') || 'none (VENDOR_DOCS_DIR and VENDOR_API_DOCS_DIR are absent)'}`,
  );
  const { aliases, deviations, branches } = loadDeviations(join(repoRoot, 'openapi/deviations.yaml'));
  const apis = ['commbox', 'cometchat'].map((name) => ({
    name,
    doc: parse(readFileSync(join(repoRoot, `openapi/${name}.yaml`), 'utf8')) as JsonObject,
  }));
  const used = new Set<string>();

  if (documents.length === 0) {
    it('says that no vendor document is at hand', () => {
      expect(vendorDocsDir() ?? vendorApiDocsDir()).toBeUndefined();
    });
    return;
  }

  it.each(documents.map((document) => [document.label, document] as const))(
    '%s: no unexplained difference',
    (_label, { doc }) => {
      const { matched, differences } = diffVendorDocument(doc, apis, aliases, branches);
      expect(matched.length).toBeGreaterThan(0);
      const unexplained = differences.filter((difference) => {
        const deviation = explain(difference, deviations);
        if (deviation) used.add(deviation.id);
        return !deviation;
      });
      expect(unexplained).toEqual([]);
    },
  );

  if (documents.length === 4) {
    it('every deviation explains a difference in one of the four documents', () => {
      // Deviations of APIs the tool does not compare (webhooks: prose pages, no vendor OpenAPI) explain no difference here.
      const compared = deviations.filter((deviation) => apis.some((api) => api.name === deviation.api));
      expect(compared.map((deviation) => deviation.id).filter((id) => !used.has(id))).toEqual([]);
    });
  }
});
