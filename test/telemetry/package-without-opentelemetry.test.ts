import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/run-script.js';

/**
 * The built package in an application that did not install `@opentelemetry/api` (an optional peer):
 * it loads, serves a summary through a client and the handler, and reports onEvent, from ESM and from CJS.
 */
let app: string;

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist/server.js')))
    throw new Error('The build is missing: run `npx tsup` (npm test does)');
  app = mkdtempSync(join(tmpdir(), 'no-otel-app-'));
  const pkg = join(app, 'node_modules/conversations-client');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(repoRoot, 'dist'), join(pkg, 'dist'), { recursive: true });
  // The package's own dependencies (openapi-fetch, fast-xml-parser), and nothing else: no @opentelemetry/api.
  const { dependencies } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(dependencies))
    symlinkSync(join(repoRoot, 'node_modules', name), join(app, 'node_modules', name), 'dir');
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

/** A script that builds a CometChat client over a canned `fetch`, mounts the handler and asks for a summary. */
const body = (load: string) => `
${load}
const fetch = async () => new Response(JSON.stringify({ data: [], meta: { pagination: { total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 1 } } }), { status: 200, headers: { 'content-type': 'application/json' } });
const cometchat = main.createCometChatClient({ appId: 'demo', region: 'eu', apiKey: 'k', fetch });
const events = [];
const handler = server.createInboxHandler({ cometchat: { client: cometchat }, resolveUser: () => ({ cometchat: { uid: 'u1' } }), onEvent: (e) => events.push(e.type) });
server.enableOpenTelemetry();
handler(new Request('http://site.test/api/inbox/summary')).then(async (response) => {
  let otel = 'absent';
  try { require.resolve('@opentelemetry/api'); otel = 'present'; } catch {}
  console.log(JSON.stringify({ status: response.status, events, otel }));
});
`;

function run(file: string, source: string): { status: number; events: string[]; otel: string } {
  const path = join(app, file);
  writeFileSync(path, source);
  const result = spawnSync(process.execPath, [path], { cwd: app, encoding: 'utf8', timeout: 120_000 });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('without @opentelemetry/api installed', () => {
  it('the ESM build loads and serves', () => {
    const esm = body(
      `import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\nconst main = await import('conversations-client');\nconst server = await import('conversations-client/server');`,
    );
    expect(run('app.mjs', esm)).toEqual({ status: 200, events: ['cache', 'request'], otel: 'absent' });
  });

  it('the CJS build loads and serves', () => {
    const cjs = body(
      `const main = require('conversations-client');\nconst server = require('conversations-client/server');`,
    );
    expect(run('app.cjs', cjs)).toEqual({ status: 200, events: ['cache', 'request'], otel: 'absent' });
  });
});

describe('the bundles', () => {
  it('only the server entry carries telemetry code: the clients read one global slot, the browser client and hooks nothing', () => {
    // An ES module with the chunks it imports (the ESM build shares code between entry points).
    const read = (file: string, seen = new Set<string>()): string => {
      if (seen.has(file)) return '';
      seen.add(file);
      const text = readFileSync(join(repoRoot, 'dist', file), 'utf8');
      const chunks = [...text.matchAll(/from\s*["']\.\/(chunk-[\w-]+\.js)["']/g)].map((match) =>
        join(dirname(file), match[1]!),
      );
      return [text, ...chunks.map((chunk) => read(chunk, seen))].join('\n');
    };
    for (const file of ['server.js', 'server.cjs']) expect(read(file)).toContain('@opentelemetry/api');
    for (const file of ['index.js', 'index.cjs', 'browser/conversations-client.js']) {
      expect(read(file)).not.toContain('@opentelemetry/api');
      expect(read(file)).toContain('conversations-client.telemetry');
    }
    for (const file of ['browser.js', 'browser.cjs', 'browser/inbox-client.js', 'react.js']) {
      expect(read(file)).not.toContain('opentelemetry');
      expect(read(file)).not.toContain('conversations-client.telemetry');
    }
  });
});
