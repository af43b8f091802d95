import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import { listApis } from '../../scripts/lib/apis.js';
import { copySpecs, repoRoot, runScript } from '../support/run-script.js';

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

describe('npm run check:generated', () => {
  it('passes on an unchanged copy of the repository', () => {
    const run = runScript('check-generated.ts', [], copy());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${apis.length} files checked`);
  });

  it.each(apis.map((api) => [api.name, api] as const))('fails naming the stale file when a %s schema property is renamed', (_name, api) => {
    const dir = copy();
    const renamed = renameFirstProperty(join(dir, api.root));
    const run = runScript('check-generated.ts', [], dir);
    expect(run.status, `renaming ${renamed} in ${api.root}`).toBe(1);
    expect(run.stderr).toContain(`${api.output!.replace(/^\.\//, '')} is stale`);
    // Only that API's file is stale: the others are still compared and pass.
    for (const other of apis.filter((candidate) => candidate !== api)) expect(run.stderr).not.toContain(other.output!.replace(/^\.\//, ''));
  });

  it('fails naming a file in src/generated/ that no API writes', () => {
    const dir = copy();
    writeFileSync(join(dir, 'src/generated/leftover.ts'), 'export {};\n');
    const run = runScript('check-generated.ts', [], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('src/generated/leftover.ts is not written by any API');
  });
});
