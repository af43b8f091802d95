import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { listApis } from '../../scripts/lib/apis.js';
import { checkGenerated, checkReport } from '../../scripts/lib/check-generated.js';
import { copySpecs, repoRoot } from '../support/run-script.js';

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function copy(): string {
  const dir = copySpecs();
  scratch.push(dir);
  return dir;
}

/** Renames the first property of the first component schema that has properties; returns its old name. */
function renameFirstProperty(specPath: string): string {
  const doc = parseDocument(readFileSync(specPath, 'utf8'));
  const schemas = doc.getIn(['components', 'schemas']) as YAMLMap;
  for (const pair of schemas.items) {
    const properties = (pair.value as YAMLMap).get('properties');
    if (isMap(properties) && properties.items.length > 0) {
      const key = properties.items[0]!.key as { value: string };
      const old = key.value;
      key.value = `${old}Renamed`;
      writeFileSync(specPath, doc.toString());
      return old;
    }
  }
  throw new Error(`no schema with properties in ${specPath}`);
}

const apis = listApis(join(repoRoot, 'redocly.yaml')).filter((api) => api.output);

/** What `npm run check:generated` would print and exit with in `dir` (its logic, in process). */
const run = async (dir: string) => {
  const report = checkReport(await checkGenerated(dir));
  return { status: report.exitCode, stdout: report.stdout.join('\n'), stderr: report.stderr.join('\n') };
};

describe('npm run check:generated', () => {
  it('passes on an unchanged copy of the repository', async () => {
    const result = await run(copy());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Generated types are up to date (${apis.length} files checked).`);
  });

  it.each(apis.map((api) => [api.name, api] as const))(
    'fails naming the stale file when a %s schema property is renamed',
    async (_name, api) => {
      const dir = copy();
      const renamed = renameFirstProperty(join(dir, api.root));
      const result = await run(dir);
      expect(result.status, `renaming ${renamed} in ${api.root}`).toBe(1);
      expect(result.stderr).toContain(`${api.output!.replace(/^\.\//, '')} is stale`);
      expect(result.stderr).toContain('Run `npm run generate` and commit the result.');
      // Only that API's file is stale: the others are still compared and pass.
      for (const other of apis.filter((candidate) => candidate !== api))
        expect(result.stderr).not.toContain(other.output!.replace(/^\.\//, ''));
    },
  );

  it('fails naming a file in src/generated/ that no API writes', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'src/generated/leftover.ts'), 'export {};\n');
    const result = await run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('src/generated/leftover.ts is not written by any API');
  });
});
