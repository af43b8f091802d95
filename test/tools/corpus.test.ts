import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runSpecDiff } from '../../scripts/lib/spec-diff-run.js';
import { parseDocumentText } from '../../scripts/lib/read-document.js';
import { runVendorDiff } from '../../scripts/lib/vendor-diff-run.js';
import { diffVendorDocument, type Difference, type JsonObject } from '../../scripts/lib/vendor-diff.js';
import { repoRoot } from '../support/run-script.js';

/** The regression corpus (see test/tools/corpus/README.md): each document with its expected verdict. */
const corpus = (name: string) => join(repoRoot, 'test/tools/corpus', name);

/** spec:diff run in process, its report and warnings captured. */
async function specDiff(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runSpecDiff(args, {
    cwd: repoRoot,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

async function vendorDiff(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runVendorDiff(args, {
    cwd: repoRoot,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

const commbox = [
  { name: 'commbox', doc: parse(readFileSync(join(repoRoot, 'openapi/commbox.yaml'), 'utf8')) as JsonObject },
];
const vendorDifferences = (file: string) =>
  diffVendorDocument(parseDocumentText(readFileSync(corpus(file), 'utf8')), commbox).differences;
const key = (difference: Difference) => JSON.stringify(difference);

const DECEMBER_REMOVALS = ['id', 'streamid', 'substreamid', 'numChilds', 'isManager', 'user.identity'];

// Each spec:diff run generates both documents and type-checks them in one program: seconds on a loaded machine.
describe('corpus: spec:diff --old --new', { timeout: 120_000 }, () => {
  it('the December 2024 CommBox rename: every rename and removal is breaking, naming operation, field and branch', async () => {
    const run = await specDiff(
      '--old',
      corpus('stream-objects-2024-11.json'),
      '--new',
      corpus('stream-objects-2024-12.json'),
      '--fail-on-breaking',
    );
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/\n {2}Get_Stream_Objects\n/);
    for (const field of DECEMBER_REMOVALS) {
      expect(run.stdout).toContain(`    breaking  response 200 data[] (branch 1 of 2).${field}: removed`);
    }
    expect(run.stdout).toContain('data[] (branch 1 of 2).streamid: removed (was number); now spelled streamId');
    expect(run.stdout).toContain('data[] (branch 1 of 2).substreamid: removed (was number); now spelled substreamId');
    for (const field of ['objectId', 'streamId', 'substreamId'])
      expect(run.stdout).toContain(
        `    additive  response 200 data[] (branch 1 of 2).${field}: added (optional, number)`,
      );
    expect(run.stdout).toContain('6 breaking, 3 additive');
    // The second branch (the status post) did not change: nothing is reported under it.
    expect(run.stdout).not.toContain('branch 2 of 2');
    // Our lint rules are a report per side here, never a stop.
    expect(run.stderr).toMatch(/^warning --old \S*stream-objects-2024-11\.json: \d+ lint findings/m);
    expect(run.stderr).toMatch(/^warning --new \S*stream-objects-2024-12\.json: \d+ lint findings/m);
  });

  it('an operation without operationId is compared by method and path', async () => {
    const run = await specDiff(
      '--old',
      corpus('stream-objects-no-operation-id-2024-11.json'),
      '--new',
      corpus('stream-objects-no-operation-id-2024-12.json'),
      '--fail-on-breaking',
    );
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/\n {2}GET \/streams\/\{STREAM_ID\}\/objects\n/);
    for (const field of DECEMBER_REMOVALS)
      expect(run.stdout).toContain(`breaking  response 200 data[] (branch 1 of 2).${field}: removed`);
  });

  it('reads a JSON document with a byte order mark and one with a trailing comma; additive only exits 0', async () => {
    const run = await specDiff(
      '--old',
      corpus('stream-objects-2024-12-bom.json'),
      '--new',
      corpus('stream-objects-2025-01-trailing-comma.json'),
      '--fail-on-breaking',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'additive  response 200 data[] (branch 1 of 2).closedTime: added (optional, string | null)',
    );
    expect(run.stdout).toContain('0 breaking, 1 additive');
  });

  it('a schema $ref into a parameter (#/components/parameters/STREAM_ID/schema, valid OpenAPI) is read, not an error', async () => {
    const run = await specDiff(
      '--old',
      corpus('stream-objects-2024-12.json'),
      '--new',
      corpus('stream-objects-parameter-schema-ref.json'),
      '--fail-on-breaking',
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('no changes for a TypeScript consumer');
    expect(run.stderr).not.toContain('$ref');
  });

  it('generated types that do not compile are an error naming the side and the first TypeScript errors, never a verdict', async () => {
    const run = await specDiff(
      '--old',
      corpus('stream-objects-2024-12.json'),
      '--new',
      corpus('stream-objects-does-not-compile.json'),
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /spec:diff: --new \S*stream-objects-does-not-compile\.json: its generated types do not compile \(1 TypeScript error\), first:\n {2}\d+:\d+ TS2339 /,
    );
    expect(run.stdout).not.toContain('breaking');
    expect(run.stdout).not.toContain('additive');
  });
});

describe('corpus: spec:diff --old/--new from URLs', { timeout: 120_000 }, () => {
  /** A vendor site serving the corpus: `/<file>` answers the file, anything else 404. */
  const site: typeof fetch = async (input) => {
    const name = new URL(String(input)).pathname.slice(1);
    try {
      return new Response(readFileSync(corpus(name)));
    } catch {
      return new Response('not here', { status: 404 });
    }
  };
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runSpecDiff(args, {
      cwd: repoRoot,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      fetch: site,
    });
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  };

  it('reads both documents from URLs', async () => {
    const result = await run(
      '--old',
      'https://vendor.example/stream-objects-2024-12-bom.json',
      '--new',
      'https://vendor.example/stream-objects-2025-01-trailing-comma.json',
    );
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      'Spec changes from https://vendor.example/stream-objects-2024-12-bom.json to https://vendor.example/stream-objects-2025-01-trailing-comma.json',
    );
    expect(result.stdout).toContain('closedTime: added');
  });

  it('a URL that does not answer 2xx is an error naming its side', async () => {
    const result = await run(
      '--old',
      corpus('stream-objects-2024-12.json'),
      '--new',
      'https://vendor.example/gone.json',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'spec:diff: --new https://vendor.example/gone.json: cannot be read: https://vendor.example/gone.json answered 404',
    );
  });
});

describe('corpus: spec:diff input errors name their side', () => {
  it('a missing file, an unreadable document, a lone --old: exit 2', async () => {
    const missing = await specDiff('--old', corpus('no-such.json'), '--new', corpus('stream-objects-2024-12.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^spec:diff: --old \S*no-such\.json: cannot be read/);
    const notOpenApi = await specDiff('--old', corpus('stream-objects-2024-12.json'), '--new', corpus('README.md'));
    expect(notOpenApi.status).toBe(2);
    expect(notOpenApi.stderr).toMatch(/^spec:diff: --new \S*README\.md: cannot be read as an OpenAPI document/m);
    const lone = await specDiff('--old', corpus('stream-objects-2024-12.json'));
    expect(lone.status).toBe(2);
    expect(lone.stderr).toContain('--old and --new go together (--new is missing)');
  });
});

describe('corpus: spec:vendor-diff', () => {
  it('an edit in the second oneOf branch is found and names the branch', () => {
    const before = new Set(vendorDifferences('stream-objects-2024-12.json').map(key));
    const added = vendorDifferences('stream-objects-branch-edit.json').filter(
      (difference) => !before.has(key(difference)),
    );
    expect(added).toEqual([
      expect.objectContaining({
        operation: 'getStreamObjects',
        kind: 'type',
        vendorSays: 'boolean',
        branch: 'data[] oneOf[1]',
        vendor:
          '/paths/~1streams~1{STREAM_ID}~1objects/get/responses/200/content/application~1json/schema/properties/data/items/oneOf/1/properties/user/properties/id',
      }),
    ]);
  });

  it('a path parameter whose schema refers to a parameter object is reported, not read as "any"', async () => {
    expect(vendorDifferences('stream-objects-malformed-ref.json')).toContainEqual(
      expect.objectContaining({
        operation: 'getStreamObjects',
        kind: 'malformed-schema',
        vendorSays: '$ref #/components/parameters/STREAM_ID (a parameter object, not a schema)',
      }),
    );
    expect(
      vendorDifferences('stream-objects-2024-12.json').some((difference) => difference.kind === 'malformed-schema'),
    ).toBe(false);
    const run = await vendorDiff(corpus('stream-objects-malformed-ref.json'));
    expect(run.status).toBe(1);
    // spec:diff warns too, naming the side and where the reference is written.
    const diffRun = await specDiff(
      '--old',
      corpus('stream-objects-2024-12.json'),
      '--new',
      corpus('stream-objects-malformed-ref.json'),
    );
    expect(diffRun.stderr).toContain(
      'warning --new ' +
        corpus('stream-objects-malformed-ref.json') +
        ': $ref #/components/parameters/STREAM_ID at /paths/~1streams~1{STREAM_ID}~1objects/get/parameters/0/schema is a parameter object, not a schema',
    );
    expect(diffRun.stderr).not.toMatch(/warning --old .*\$ref/);
    expect(run.stdout).toMatch(
      /UNEXPLAINED malformed-schema at \S+: vendor \$ref #\/components\/parameters\/STREAM_ID \(a parameter object, not a schema\)/,
    );
  });

  it('reads the BOM and trailing-comma documents too', async () => {
    for (const file of ['stream-objects-2024-12-bom.json', 'stream-objects-2025-01-trailing-comma.json']) {
      const run = await vendorDiff(corpus(file));
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('GET /streams/{STREAM_ID}/objects → commbox getStreamObjects');
    }
  });
});
