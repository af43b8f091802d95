/**
 * `npm run docs`: self-contained references in `docs/`, readable offline.
 * - one HTML page per API named in redocly.yaml (Redocly bundles the spec, Redoc's standalone
 *   bundle from the `redoc` package is inlined: no script, font or image from a CDN);
 * - `docs/sdk/`: the package's exports and their JSDoc, by TypeDoc, one module per `exports` entry;
 * - `docs/index.html` linking them.
 * Usage: tsx scripts/docs.ts [--out docs] [--skip-sdk]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** A tiny stand-in for the Redocly logo Redoc would fetch from its CDN. */
const LOGO = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#e53935"/></svg>')}`;

/** Text safe inside an inline `<script>`: nothing in it can close the element. */
const inlineScript = (text: string) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

function redocStandalone(): string {
  const file = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');
  return readFileSync(file, 'utf8').replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', LOGO);
}

/** The API aliases of redocly.yaml (the same list lint and codegen use). */
export function apiNames(): string[] {
  const config = parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')) as { apis: Record<string, unknown> };
  return Object.keys(config.apis);
}

/** One API's reference page: the bundled spec (decorators applied) and Redoc, all inline. */
export function apiPage(name: string, redoc = redocStandalone()): string {
  const scratch = mkdtempSync(join(tmpdir(), 'docs-'));
  try {
    const output = join(scratch, `${name}.json`);
    execFileSync(bin('redocly'), ['bundle', name, '--output', output], { cwd: root, stdio: 'pipe' });
    const spec = JSON.parse(readFileSync(output, 'utf8')) as { info?: { title?: string } };
    const title = spec.info?.title ?? name;
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/</g, '&lt;')}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<div id="redoc"></div>
<script>${inlineScript(redoc)}</script>
<script>
Redoc.init(${inlineScript(JSON.stringify(spec))}, { hideDownloadButton: false, expandResponses: '200', jsonSampleExpandLevel: 3 }, document.getElementById('redoc'));
</script>
</body>
</html>
`;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The source entry of each public module: the tsup entry that builds each `exports` target (`./dist/NAME.js`). */
export function sdkEntryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, { import?: { default?: string } } | string> };
  const tsup = readFileSync(join(root, 'tsup.config.ts'), 'utf8');
  return Object.values(pkg.exports)
    .map((target) => (typeof target === 'string' ? undefined : /^\.\/dist\/([\w-]+)\.js$/.exec(target.import?.default ?? '')?.[1]))
    .filter((name): name is string => name !== undefined)
    .map((name) => new RegExp(`\\b${name}: '([^']+)'`).exec(tsup)?.[1])
    .filter((file): file is string => file !== undefined && existsSync(join(root, file)));
}

function buildSdk(out: string): void {
  execFileSync(
    bin('typedoc'),
    [...sdkEntryPoints().flatMap((entry) => ['--entryPoints', entry]), '--out', out, '--tsconfig', 'tsconfig.docs.json', '--name', 'conversations-client', '--readme', 'none', '--excludePrivate', '--excludeInternal', '--hideGenerator', '--logLevel', 'Error'],
    { cwd: root, stdio: 'inherit' },
  );
}

function indexPage(apis: string[], sdk: boolean): string {
  const links = [...apis.map((name) => `<li><a href="./${name}.html">${name}</a>: the HTTP API</li>`), ...(sdk ? ['<li><a href="./sdk/index.html">SDK reference</a>: every export of the package</li>'] : [])];
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>conversations-client docs</title></head>\n<body><h1>conversations-client</h1><ul>\n${links.join('\n')}\n</ul></body></html>\n`;
}

/** Writes every reference into `out`; returns the files written. */
export function buildDocs(out: string, { sdk = true } = {}): string[] {
  mkdirSync(out, { recursive: true });
  const redoc = redocStandalone();
  const written = apiNames().map((name) => {
    const file = join(out, `${name}.html`);
    writeFileSync(file, apiPage(name, redoc));
    return file;
  });
  if (sdk) buildSdk(join(out, 'sdk'));
  writeFileSync(join(out, 'index.html'), indexPage(apiNames(), sdk));
  return [...written, join(out, 'index.html')];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const out = resolve(root, outIndex === -1 ? 'docs' : process.argv[outIndex + 1]!);
  for (const file of buildDocs(out, { sdk: !process.argv.includes('--skip-sdk') })) console.log(`wrote ${file}`);
  if (!process.argv.includes('--skip-sdk')) console.log(`wrote ${join(out, 'sdk')}/`);
}
