import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layering ARCHITECTURE.md promises, checked over the real import graph of src/:
// core/ knows no vendor and no layer above it, and no module imports itself back.
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Edge {
  target: string;
  /** `import type …` / `export type …`: erased from the JavaScript. */
  typeOnly: boolean;
}

/** Every relative import and re-export of `file` (static, dynamic and type-only), resolved to its file. */
function importsOf(file: string, known: Set<string>): Edge[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    ...text.matchAll(
      /(?:^|;|\n)\s*(import|export)(\s+type\b)?[^;'"]*?(?:\bfrom\s*)?['"](\.[^'"]+)['"]|\bimport\s*\(\s*['"](\.[^'"]+)['"]/g,
    ),
  ];
  return found.map((match) => {
    const specifier = (match[3] ?? match[4])!;
    const target = resolve(dirname(file), specifier);
    const candidates = [
      target.replace(/\.js$/, '.ts'),
      target.replace(/\.js$/, '.tsx'),
      `${target}.ts`,
      join(target, 'index.ts'),
    ];
    const resolved = candidates.find((candidate) => known.has(candidate));
    if (!resolved) throw new Error(`${relative(SRC, file)} imports ${specifier}, which is no file in src/`);
    return { target: resolved, typeOnly: match[2] !== undefined };
  });
}

const files = sourceFiles(SRC);
const known = new Set(files);
const edges = new Map(files.map((file) => [file, importsOf(file, known)]));
/** The graph's arrows: all of them, or only those that stay in the JavaScript. */
const arrows = (runtimeOnly: boolean) =>
  new Map(
    files.map((file) => [
      file,
      edges
        .get(file)!
        .filter((edge) => !runtimeOnly || !edge.typeOnly)
        .map((edge) => edge.target),
    ]),
  );
const graph = arrows(false);
const rel = (file: string) => relative(SRC, file).split('\\').join('/');

/** The cycles of the graph, each as the list of files around it (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    order.set(file, index);
    low.set(file, index++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file)!) {
      if (!order.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, order.get(next)!));
    }
    if (low.get(file) === order.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(rel(member));
      } while (member !== file);
      if (component.length > 1 || graph.get(file)!.includes(file)) found.push(component.sort());
    }
  };
  for (const file of graph.keys()) if (!order.has(file)) visit(file);
  return found;
}

describe('layering of src/', () => {
  it('the import graph was read (the check is not vacuous)', () => {
    expect(graph.get(join(SRC, 'core/operation.ts'))).toContain(join(SRC, 'core/retry.ts'));
    expect(graph.get(join(SRC, 'vendors/commbox/client.ts'))).toContain(join(SRC, 'core/operation.ts'));
  });

  it('core/ imports nothing from vendors/, inbox/, server/, browser/, react/ or mock/', () => {
    const wrong = files
      .filter((file) => rel(file).startsWith('core/'))
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => !rel(target).startsWith('core/') && !rel(target).startsWith('internal/'))
          .map((target) => `${rel(file)} → ${rel(target)}`),
      );
    expect(wrong).toEqual([]);
  });

  /** The arrows from files under `from/` to files under any of `to/` (type imports included). */
  const arrowsInto = (from: string, to: readonly string[]) =>
    files
      .filter((file) => rel(file).startsWith(`${from}/`))
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => to.some((folder) => rel(target).startsWith(`${folder}/`)))
          .map((target) => `${rel(file)} → ${rel(target)}`),
      );

  it('inbox/ is provider-neutral: it imports nothing from vendors/ (vendors implement its ProviderAdapter), server/, browser/, react/ or mock/', () => {
    expect(arrowsInto('inbox', ['vendors', 'server', 'browser', 'react', 'mock'])).toEqual([]);
  });

  /** A vendor's mock part (`vendors/<name>/mock/`): mock code kept in the vendor's folder, a plugin of mock/. */
  const MOCK_PART = /^vendors\/[^/]+\/mock\//;

  it('vendors/ import only downward (core/, inbox/, internal/, generated/), never server/, browser/, react/ or mock/ (their mock parts aside)', () => {
    const wrong = arrowsInto('vendors', ['server', 'browser', 'react', 'mock']).filter(
      (arrow) => !MOCK_PART.test(arrow),
    );
    expect(wrong).toEqual([]);
  });

  it("a vendor's mock part imports mock/ and its own folder, never server/, browser/ or react/; only mock/ and the mock list import it", () => {
    const parts = files.filter((file) => MOCK_PART.test(rel(file)));
    expect(parts.map(rel)).toEqual(expect.arrayContaining(['vendors/commbox/mock/mock-vendor.ts']));
    expect(arrowsInto('vendors', ['server', 'browser', 'react']).filter((arrow) => MOCK_PART.test(arrow))).toEqual([]);
    // So no client bundle carries mock code: the list of mock vendors stays apart from PROVIDER_ADAPTERS.
    const mockCode = [...parts, join(SRC, 'vendors/mock-vendors.ts')];
    const importers = files
      .filter((file) => !mockCode.includes(file) && !rel(file).startsWith('mock/'))
      .flatMap((file) =>
        graph
          .get(file)!
          .filter((target) => mockCode.includes(target))
          .map((target) => `${rel(file)} → ${rel(target)}`),
      );
    expect(importers).toEqual([]);
  });

  it('a vendor folder imports no other vendor folder (each vendor is one folder)', () => {
    const folders = [
      ...new Set(
        files
          .map(rel)
          .filter((file) => /^vendors\/[^/]+\//.test(file))
          .map((file) => file.split('/')[1]!),
      ),
    ];
    expect(folders).toEqual(expect.arrayContaining(['commbox', 'cometchat']));
    const crossing = folders.flatMap((folder) =>
      arrowsInto(
        `vendors/${folder}`,
        folders.filter((other) => other !== folder).map((other) => `vendors/${other}`),
      ),
    );
    expect(crossing).toEqual([]);
  });

  it('only vendors/ names a vendor module: inbox/ and core/ import no vendor folder, and the list is the one place that names every adapter', () => {
    const listed = files.filter((file) => /vendors\/[^/]+\/adapter\.ts$/.test(rel(file)));
    const importers = files.filter((file) => listed.some((adapter) => graph.get(file)!.includes(adapter))).map(rel);
    expect(listed.length).toBeGreaterThanOrEqual(2);
    expect(importers).toEqual(['vendors/providers.ts']);
  });

  it('server/ imports nothing from browser/, react/ or mock/', () => {
    expect(arrowsInto('server', ['browser', 'react', 'mock'])).toEqual([]);
  });

  it('core/ names no vendor, in code or comments', () => {
    const named = files
      .filter((file) => rel(file).startsWith('core/') && /commbox|cometchat/i.test(readFileSync(file, 'utf8')))
      .map(rel);
    expect(named).toEqual([]);
  });

  it('has no import cycle in the JavaScript', () => {
    expect(cycles(arrows(true))).toEqual([]);
  });

  it('has no import cycle at all, type imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const a = join(SRC, 'core/a.ts');
    const b = join(SRC, 'core/b.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([['core/a.ts', 'core/b.ts']]);
  });
});
