import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The package as users get it: packed, installed into a fresh project, used from ESM, CJS and TypeScript.
const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let dir: string;

const run = (file: string, args: string[] = [], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [file, ...args], {
    cwd: dir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const mocks = () => ({ COMMBOX_URL: inject('commboxUrl'), COMETCHAT_URL: inject('cometchatUrl') });

let entries: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conversations-consumer-'));
  // Packed once for the run from a clean clone, where `npm pack` ran `prepack` (test/setup/package.global.ts).
  const tarball = inject('packedTarball');
  entries = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  execFileSync('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    stdio: 'ignore',
  });
}, 300_000); // an npm install: seconds alone, minutes on a loaded machine
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed package in a fresh project', () => {
  it('packed from a clean clone (no dist/ before), the tarball holds the build of every export', () => {
    expect(existsSync(join(inject('packedClone'), 'dist', 'index.js'))).toBe(true); // built by prepack, not copied
    for (const file of [
      'index.js',
      'index.cjs',
      'index.d.ts',
      'index.d.cts',
      'server.js',
      'browser.js',
      'react.js',
      'redis.cjs',
      'mock.js',
      'mock-bin.js',
      'browser/inbox-client.js',
    ]) {
      expect(entries).toContain(`package/dist/${file}`);
    }
  });

  it('ships dist, the specs, README, CHANGELOG and LICENSE, and nothing of the repo besides', () => {
    const installed = join(dir, 'node_modules', 'conversations-client');
    expect(readdirSync(installed).sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist',
      'openapi',
      'package.json',
    ]);
    expect(readdirSync(join(installed, 'openapi')).sort()).toEqual(
      ['cometchat.yaml', 'commbox.yaml', 'deviations.yaml', 'inbox.yaml', 'webhooks.yaml'].sort(),
    );
  });

  it('imports from ESM and calls the mock', () => {
    writeFileSync(
      join(dir, 'esm.mjs'),
      `import { createCommBoxClient, NotFoundError } from 'conversations-client';
const commbox = createCommBoxClient({ token: 't', baseUrl: process.env.COMMBOX_URL });
const body = await commbox.getUserObjects(558355);
const error = await commbox.getObject(1, 2, {}, { headers: { Prefer: 'code=404' } }).catch((e) => e);
console.log(JSON.stringify({ total: body.totalUnreadChatMessages, notFound: error instanceof NotFoundError }));`,
    );
    expect(JSON.parse(run('esm.mjs', [], mocks()))).toEqual({ total: 2, notFound: true });
  });

  it('requires from CJS and calls the mock', () => {
    writeFileSync(
      join(dir, 'cjs.cjs'),
      `const { createCometChatClient, RateLimitError } = require('conversations-client');
const cometchat = createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k', onBehalfOf: 'superhero4', baseUrl: process.env.COMETCHAT_URL, maxRetries: 0 });
(async () => {
  const body = await cometchat.getUserConversation('superhero3', { headers: { Prefer: 'example=userConversation' } });
  const error = await cometchat.getUserConversation('superhero3', { headers: { Prefer: 'code=429' } }).catch((e) => e);
  console.log(JSON.stringify({ unread: body.data.unreadMessageCount, limited: error instanceof RateLimitError, code: error.code }));
})();`,
    );
    expect(JSON.parse(run('cjs.cjs', [], mocks()))).toEqual({
      unread: '3',
      limited: true,
      code: 'ERR_TOO_MANY_REQUESTS',
    });
  });

  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])(
    'type-checks a consumer with moduleResolution %s',
    (_name, options) => {
      writeFileSync(
        join(dir, 'consumer.mts'),
        `import { createCommBoxClient, createCometChatClient, ApiError, type CommBoxConversation, type CometChatConversation } from 'conversations-client';
import { startMockServers, type MockServers } from 'conversations-client/mock';
const commbox = createCommBoxClient({ token: 't' });
const cometchat = createCometChatClient({ appId: 'a', region: 'eu', apiKey: 'k', onBehalfOf: 'me' });
export async function all(): Promise<number> {
  const objects = await commbox.getUserObjects(1);
  const first: CommBoxConversation | undefined = objects.data?.[0];
  const page = await commbox.getStreamObjects(1, { unixStartTime: new Date(), unixEndTime: new Date(), status: [1, 8] });
  const object = await commbox.getObject('abc%3d', 2, { includeChilds: true });
  for await (const item of commbox.streamObjects(1, { userIdentityId: 1 }, { maxItems: 10 })) void item;
  const { data } = await cometchat.getUserConversation('u');
  const conversation: CometChatConversation = Array.isArray(data) ? data[0]! : data;
  const mocks: MockServers = await startMockServers();
  await mocks.close();
  // @ts-expect-error objectId is a number
  const wrong: string = first?.objectId ?? '';
  void [page, object, conversation, wrong, ApiError];
  return objects.totalUnreadChatMessages ?? 0;
}`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            ...options,
            target: 'es2022',
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: [],
            lib: ['es2022', 'dom', 'dom.iterable'],
          },
          files: ['consumer.mts'],
        }),
      );
      const result = (() => {
        try {
          return execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
        } catch (error) {
          return (error as { stdout: string }).stdout;
        }
      })();
      expect(result).toBe('');
    },
    120_000,
  ); // tsc over a fresh project: seconds alone, far more on a loaded machine

  it('serves the inbox with conversations-client/server (ESM and CJS) over clients from the main entry', () => {
    const script = (load: string) => `${load}
const handler = createInboxHandler({
  cometchat: { client: createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k', baseUrl: process.env.COMETCHAT_URL, headers: { Prefer: 'code=429' } }) },
  resolveUser: () => ({ cometchat: { uid: 'superhero4' } }),
});
handler(new Request('http://site.test/api/inbox/summary')).then(async (response) => {
  const body = await response.json();
  console.log(JSON.stringify({ status: response.status, code: body.failures[0].code, browser: typeof createInboxClient }));
});`;
    writeFileSync(
      join(dir, 'server.mjs'),
      script(`import { createCometChatClient } from 'conversations-client';
import { createInboxHandler } from 'conversations-client/server';
import { createInboxClient } from 'conversations-client/browser';`),
    );
    writeFileSync(
      join(dir, 'server.cjs'),
      script(`const { createCometChatClient } = require('conversations-client');
const { createInboxHandler } = require('conversations-client/server');
const { createInboxClient } = require('conversations-client/browser');`),
    );
    // 503: the only provider is throttled and nothing is cached; rate_limited proves the 429 was recognized across bundles.
    for (const file of ['server.mjs', 'server.cjs'])
      expect(JSON.parse(run(file, [], mocks()))).toEqual({ status: 503, code: 'rate_limited', browser: 'function' });
  });

  it("stores in Redis with conversations-client/redis (ESM and CJS) over the user's own ioredis", () => {
    const version = (
      JSON.parse(readFileSync(join(root, 'node_modules', 'ioredis', 'package.json'), 'utf8')) as { version: string }
    ).version;
    execFileSync(
      'npm',
      ['install', `ioredis@${version}`, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: dir, stdio: 'ignore' },
    );
    const script = (load: string, name: string) => `${load}
const redis = new Redis(process.env.REDIS_URL);
const store = createRedisStore(redis, { keyPrefix: 'consumer:${name}:' });
store.set('k', 'v', 60000).then(async () => {
  const value = await store.get('k');
  const fromNodeRedisType = typeof fromNodeRedis;
  redis.disconnect();
  console.log(JSON.stringify({ value, fromNodeRedisType }));
});`;
    writeFileSync(
      join(dir, 'redis.mjs'),
      script(
        `import { Redis } from 'ioredis';\nimport { createRedisStore, fromNodeRedis } from 'conversations-client/redis';`,
        'esm',
      ),
    );
    writeFileSync(
      join(dir, 'redis.cjs'),
      script(
        `const { Redis } = require('ioredis');\nconst { createRedisStore, fromNodeRedis } = require('conversations-client/redis');`,
        'cjs',
      ),
    );
    for (const file of ['redis.mjs', 'redis.cjs']) {
      expect(JSON.parse(run(file, [], { REDIS_URL: inject('redisUrl') }))).toEqual({
        value: 'v',
        fromNodeRedisType: 'function',
      });
    }
  }, 120_000);

  it('conversations-client/mock says clearly that Prism is missing', () => {
    writeFileSync(
      join(dir, 'mock.mjs'),
      `import { startMockServers } from 'conversations-client/mock';
await startMockServers().catch((error) => console.log(JSON.stringify({ name: error.name, message: error.message })));`,
    );
    expect(JSON.parse(run('mock.mjs'))).toEqual({
      name: 'MockUnavailableError',
      message: 'The mock servers need Prism: npm install --save-dev @stoplight/prism-cli',
    });
  });
});

describe('the runnable examples (examples/express, examples/hono, examples/next) over the packed package', () => {
  const versionOf = (name: string) =>
    (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

  /** A copy of examples/NAME in the consumer project, resolving the packed package and the framework from it. */
  function example(name: string): string {
    const target = join(dir, `example-${name}`);
    cpSync(join(root, 'examples', name), target, { recursive: true });
    symlinkSync(join(dir, 'node_modules'), join(target, 'node_modules'), 'dir');
    return target;
  }

  beforeAll(() => {
    const frameworks = ['express', 'hono', '@types/node'].map((name) => `${name}@${versionOf(name)}`);
    execFileSync('npm', ['install', ...frameworks, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: dir,
      stdio: 'ignore',
    });
  }, 300_000);

  /** Starts `server.mjs` of an example on a free port; resolves to its base URL and a stop function. */
  async function start(folder: string): Promise<{ url: string; stop(): Promise<number | null> }> {
    const child = spawn(process.execPath, ['server.mjs'], {
      cwd: folder,
      env: { ...process.env, ...mocks(), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
    });
    return { url, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
  }

  it.each(['express', 'hono'])(
    '%s: serves the summary to a signed-in visitor and 401 to anyone else',
    async (name) => {
      const server = await start(example(name));
      try {
        const summary = await fetch(`${server.url}/api/inbox/summary`, { headers: { cookie: 'session=demo' } });
        expect(summary.status).toBe(200);
        const body = (await summary.json()) as {
          total: number;
          byProvider: Record<string, number>;
          failures: unknown[];
        };
        expect(body.failures).toEqual([]);
        expect(body.total).toBe(body.byProvider.commbox! + body.byProvider.cometchat!);
        expect(body.total).toBeGreaterThan(0);
        expect((await fetch(`${server.url}/api/inbox/summary`)).status).toBe(401);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    },
    120_000,
  );

  it('next: the App Router route handler type-checks under strict against the package, and answers', async () => {
    const folder = example('next');
    const result = (() => {
      try {
        return execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: folder, encoding: 'utf8' });
      } catch (error) {
        return (error as { stdout: string }).stdout;
      }
    })();
    expect(result).toBe('');
    const tsx = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
    const script = `const loaded = await import(${JSON.stringify(join(folder, 'app/api/inbox/[...path]/route.ts'))});
const route = loaded.GET ? loaded : loaded.default; // a .ts file outside a "type": "module" package loads as CommonJS
const ok = await route.GET(new Request('http://site.test/api/inbox/summary', { headers: { cookie: 'session=demo' } }));
const head = await route.HEAD(new Request('http://site.test/api/inbox/summary', { method: 'HEAD', headers: { cookie: 'session=demo' } }));
const anonymous = await route.GET(new Request('http://site.test/api/inbox/summary'));
console.log(JSON.stringify({ ok: ok.status, total: (await ok.json()).total, head: head.status, anonymous: anonymous.status, dynamic: route.dynamic }));`;
    const out = execFileSync(
      process.execPath,
      ['--import', pathToFileURL(tsx).href, '--input-type=module', '-e', script],
      { cwd: folder, env: { ...process.env, ...mocks() }, encoding: 'utf8' },
    );
    const answer = JSON.parse(out) as { ok: number; total: number; head: number; anonymous: number; dynamic: string };
    expect(answer).toMatchObject({ ok: 200, head: 200, anonymous: 401, dynamic: 'force-dynamic' });
    expect(answer.total).toBeGreaterThan(0);
  }, 180_000);
});
