/**
 * `npm run docs`: self-contained references in `docs/`, readable offline.
 * - one HTML page per API named in redocly.yaml (Redocly bundles the spec, Redoc's standalone
 *   bundle from the `redoc` package is inlined: no script, font or image from a CDN);
 * - `docs/sdk/`: the package's exports and their JSDoc, by TypeDoc, one module per `exports` entry;
 * - `docs/index.html` linking them.
 * Usage: tsx scripts/docs.ts [--out docs] [--skip-sdk]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Each public module: its import path (`conversations-client`, `conversations-client/redis`, …) and
 * its source entry, the tsup entry that builds its `exports` target (`./dist/NAME.js`).
 */
export function sdkModules(): { importPath: string; file: string }[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const tsup = readFileSync(join(root, 'tsup.config.ts'), 'utf8');
  return Object.entries(pkg.exports)
    .map(([key, target]) => {
      const name =
        typeof target === 'string' ? undefined : /^\.\/dist\/([\w-]+)\.js$/.exec(target.import?.default ?? '')?.[1];
      const file = name === undefined ? undefined : new RegExp(`\\b${name}: '([^']+)'`).exec(tsup)?.[1];
      return { importPath: pkg.name + key.slice(1), file };
    })
    .filter(
      (module): module is { importPath: string; file: string } =>
        module.file !== undefined && existsSync(join(root, module.file)),
    );
}

/** The source entry of each public module (see {@link sdkModules}). */
export function sdkEntryPoints(): string[] {
  return sdkModules().map((module) => module.file);
}

function buildSdk(out: string): void {
  const modules = sdkModules();
  execFileSync(
    bin('typedoc'),
    [
      ...modules.flatMap((module) => ['--entryPoints', module.file]),
      ...[
        '--plugin',
        './scripts/docs-plugin.mjs',
        '--out',
        out,
        '--tsconfig',
        'tsconfig.docs.json',
        '--name',
        'conversations-client',
        '--readme',
        'none',
      ],
      ...[
        '--excludePrivate',
        '--excludeInternal',
        '--hideGenerator',
        '--logLevel',
        'Error',
        '--preservedTypeAnnotationTags',
        '@throws',
      ],
      ...['--sourceLinkTemplate', `${REPOSITORY}/blob/{gitRevision}/{path}#L{line}`],
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: {
        ...process.env,
        CONVERSATIONS_DOCS_MODULES: JSON.stringify(
          Object.fromEntries(modules.map((module) => [join(root, module.file), module.importPath])),
        ),
      },
    },
  );
  inlineIcons(out);
}

/** The repository, from package.json (`repository.url`), for source links. */
const REPOSITORY = (() => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: { url?: string } };
  return (pkg.repository?.url ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
})();

/**
 * Pages read over file:// load no external SVG sprite (Chromium: "Unsafe attempt to load URL
 * …icons.svg"): each page gets the sprite inline and refers to its icons by fragment.
 */
export function inlineIcons(out: string): void {
  const sprite = join(out, 'assets', 'icons.svg');
  if (!existsSync(sprite)) return;
  const svg = readFileSync(sprite, 'utf8').replace(/^<svg /, '<svg style="display:none" aria-hidden="true" ');
  for (const file of htmlFiles(out)) {
    const html = readFileSync(file, 'utf8');
    if (!html.includes('icons.svg#')) continue;
    writeFileSync(
      file,
      html.replace(/(href)="(?:\.\.\/)*assets\/icons\.svg#/g, '$1="#').replace(/<body([^>]*)>/, `<body$1>${svg}`),
    );
  }
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? htmlFiles(join(dir, entry.name))
      : entry.name.endsWith('.html')
        ? [join(dir, entry.name)]
        : [],
  );
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** What each API page documents (the aliases of redocly.yaml). */
const API_BLURBS: Record<string, string> = {
  commbox: 'CommBox conversations: user objects, stream objects, one object (the vendor API the client calls).',
  cometchat: 'CometChat conversations: one-to-one, group, list, mark read (the vendor API the client calls).',
  inbox: 'The inbox API createInboxHandler serves on your site and createInboxClient calls.',
};

/** docs/index.html: a styled landing page (inline CSS, nothing loaded from elsewhere) linking every reference. */
export function indexPage(
  apis: string[],
  sdk: boolean,
  modules: { importPath: string }[] = sdk ? sdkModules() : [],
): string {
  const card = (href: string, title: string, text: string) =>
    `<li><a class="card" href="${href}"><strong>${escapeHtml(title)}</strong><span>${escapeHtml(text)}</span></a></li>`;
  const sdkCards = sdk
    ? [
        card(
          './sdk/index.html',
          'SDK reference',
          `Every export, by import path: ${modules.map((module) => module.importPath).join(', ')}.`,
        ),
      ]
    : [];
  const apiCards = apis.map((name) => card(`./${name}.html`, `${name} HTTP API`, API_BLURBS[name] ?? 'The HTTP API.'));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>conversations-client docs</title>
<link rel="icon" href="data:,">
<style>
  :root { color-scheme: light dark; --bg: #f6f7f9; --fg: #1d2330; --muted: #5b6475; --card: #fff; --line: #e2e5ea; --accent: #3b5bdb; }
  @media (prefers-color-scheme: dark) { :root { --bg: #14171c; --fg: #e6e9ef; --muted: #9aa3b2; --card: #1d2129; --line: #2c313b; --accent: #8ea5ff; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--fg); }
  main { max-width: 760px; margin: 0 auto; padding: 48px 20px; }
  h1 { font-size: 2rem; margin: 0 0 4px; }
  h2 { font-size: 1rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 32px 0 12px; }
  p.lead { color: var(--muted); margin: 0 0 8px; }
  ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; }
  .card { display: block; padding: 16px 20px; background: var(--card); border: 1px solid var(--line); border-radius: 10px; color: inherit; text-decoration: none; }
  .card:hover, .card:focus { border-color: var(--accent); outline: none; }
  .card strong { display: block; color: var(--accent); margin-bottom: 2px; }
  .card span { color: var(--muted); font-size: .95rem; }
  footer { margin-top: 40px; color: var(--muted); font-size: .9rem; }
  footer a { color: var(--accent); }
</style>
</head>
<body>
<main>
<h1>conversations-client</h1>
<p class="lead">Typed clients for CommBox and CometChat conversations and unread counts, an inbox handler for your backend, and a browser client with React hooks.</p>
${sdkCards.length ? `<h2>SDK</h2>\n<ul>\n${sdkCards.join('\n')}\n</ul>` : ''}
<h2>HTTP APIs</h2>
<ul>
${apiCards.join('\n')}
</ul>
<footer>Readable offline: every page is self-contained. Source: <a href="${escapeHtml(REPOSITORY)}">${escapeHtml(REPOSITORY.replace(/^https:\/\//, ''))}</a></footer>
</main>
</body>
</html>
`;
}

/** Writes every reference into `out` (`apis: false` leaves out the HTTP API pages, `sdk: false` the SDK); returns the files written. */
export function buildDocs(out: string, { sdk = true, apis = true } = {}): string[] {
  mkdirSync(out, { recursive: true });
  const names = apis ? apiNames() : [];
  const redoc = apis ? redocStandalone() : '';
  const written = names.map((name) => {
    const file = join(out, `${name}.html`);
    writeFileSync(file, apiPage(name, redoc));
    return file;
  });
  if (sdk) buildSdk(join(out, 'sdk'));
  writeFileSync(join(out, 'index.html'), indexPage(names, sdk));
  return [...written, join(out, 'index.html')];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const out = resolve(root, outIndex === -1 ? 'docs' : process.argv[outIndex + 1]!);
  for (const file of buildDocs(out, { sdk: !process.argv.includes('--skip-sdk') })) console.log(`wrote ${file}`);
  if (!process.argv.includes('--skip-sdk')) console.log(`wrote ${join(out, 'sdk')}/`);
}
