import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `instanceof` across every copy of the error classes the build makes: the ESM entries (which share
 * one chunk), the CommonJS files (one copy per entry) and the self-contained browser file. The classes
 * are branded (`Symbol.for`), so an error made by any copy is an instance of every copy's class.
 */
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const require = createRequire(import.meta.url);

const CLASSES = [
  'ApiError',
  'BadRequestError',
  'AuthenticationError',
  'NotFoundError',
  'ServerError',
  'RateLimitError',
  'InvalidResponseError',
  'RepeatedPageError',
  'ResponseTooLargeError',
  'RedirectError',
  'ConnectionError',
  'TimeoutError',
  'UnsupportedOperationError',
] as const;
type ClassName = (typeof CLASSES)[number];
/** Each class's ancestors among CLASSES (itself included). */
const ANCESTORS: Record<ClassName, ClassName[]> = {
  ApiError: ['ApiError'],
  BadRequestError: ['BadRequestError', 'ApiError'],
  AuthenticationError: ['AuthenticationError', 'ApiError'],
  NotFoundError: ['NotFoundError', 'ApiError'],
  ServerError: ['ServerError', 'ApiError'],
  RateLimitError: ['RateLimitError', 'ApiError'],
  InvalidResponseError: ['InvalidResponseError', 'ApiError'],
  RepeatedPageError: ['RepeatedPageError', 'InvalidResponseError', 'ApiError'],
  ResponseTooLargeError: ['ResponseTooLargeError', 'ApiError'],
  RedirectError: ['RedirectError', 'ApiError'],
  ConnectionError: ['ConnectionError', 'ApiError'],
  TimeoutError: ['TimeoutError', 'ConnectionError', 'ApiError'],
  UnsupportedOperationError: ['UnsupportedOperationError'],
};

type Module = Record<string, any>;
const copies: Record<string, Module> = {};

beforeAll(async () => {
  for (const file of ['index.js', 'index.cjs', 'server.js', 'browser/conversations-client.js']) {
    if (!existsSync(`${dist}${file}`))
      throw new Error(`The build is missing dist/${file}: run \`npx tsup\` (npm test does)`);
  }
  copies['ESM dist/index.js'] = await import(pathToFileURL(`${dist}index.js`).href);
  copies['CJS dist/index.cjs'] = require(`${dist}index.cjs`);
  copies['browser dist/browser/conversations-client.js'] = await import(
    pathToFileURL(`${dist}browser/conversations-client.js`).href
  );
});

const details = { provider: 'cometchat', operation: 'getUserConversation', status: 500, body: {} };

describe('error classes across the ESM, CommonJS and browser builds', () => {
  it('are distinct copies (the case branding exists for)', () => {
    const [esm, cjs, browser] = Object.values(copies).map((copy) => copy.ApiError);
    expect(esm).not.toBe(cjs);
    expect(esm).not.toBe(browser);
  });

  it.each(CLASSES)(
    'an error of %s made by any copy is an instance of that class and its ancestors in every copy, and of no other class',
    (name) => {
      for (const [made, maker] of Object.entries(copies)) {
        const error = new maker[name]!({ ...details, limitBytes: 1 });
        for (const [checked, checker] of Object.entries(copies)) {
          for (const other of CLASSES) {
            expect(error instanceof checker[other], `${name} from ${made} instanceof ${other} of ${checked}`).toBe(
              ANCESTORS[name].includes(other),
            );
          }
          expect(error).toBeInstanceOf(Error);
        }
      }
    },
  );

  it('plain values and other errors are instances of none', () => {
    for (const copy of Object.values(copies)) {
      for (const value of [
        null,
        undefined,
        1,
        'ApiError',
        {},
        new Error('x'),
        new TypeError('x'),
        { name: 'ApiError', status: 500 },
      ]) {
        expect(value instanceof copy.ApiError).toBe(false);
      }
    }
  });

  it("a user's subclass keeps the ordinary prototype check", () => {
    const ApiError = copies['ESM dist/index.js']!.ApiError as new (details: object) => Error;
    class MyError extends ApiError {}
    const mine = new MyError(details);
    expect(mine).toBeInstanceOf(MyError);
    expect(mine).toBeInstanceOf(copies['CJS dist/index.cjs']!.ApiError);
    expect(new ApiError(details) instanceof MyError).toBe(false);
  });

  it("a failed call through the CommonJS client is caught by the ESM entry's classes, and the other way round", async () => {
    const throttled: typeof fetch = async () =>
      new Response(JSON.stringify({ error: { code: 'ERR_TOO_MANY_REQUESTS', message: 'slow down' } }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
      });
    const options = {
      appId: 'a',
      region: 'us',
      apiKey: 'k',
      onBehalfOf: 'superhero4',
      baseUrl: 'http://cometchat.test',
      maxRetries: 0,
      fetch: throttled,
    };
    const esm = copies['ESM dist/index.js']!;
    const cjs = copies['CJS dist/index.cjs']!;
    const fromCjs = await cjs
      .createCometChatClient(options)
      .getUserConversation('superhero3')
      .catch((caught: unknown) => caught);
    const fromEsm = await esm
      .createCometChatClient(options)
      .getUserConversation('superhero3')
      .catch((caught: unknown) => caught);
    for (const [error, other] of [
      [fromCjs, esm],
      [fromEsm, cjs],
    ] as const) {
      expect(error).toBeInstanceOf(other.RateLimitError);
      expect(error).toBeInstanceOf(other.ApiError);
      expect(error).not.toBeInstanceOf(other.ServerError);
      expect(error).toMatchObject({ status: 429, code: 'ERR_TOO_MANY_REQUESTS', retryAfterMs: 1000 });
    }
  });

  it("the ESM entries share one copy: dist/server.js defines no error class of its own, and its errors are the root entry's", async () => {
    const server = readFileSync(`${dist}server.js`, 'utf8');
    const index = readFileSync(`${dist}index.js`, 'utf8');
    for (const source of [server, index]) expect(source).not.toMatch(/\b(ApiError|InvalidResponseError) = class\b/);
    // The shared chunk both entries import holds the one definition.
    const chunks = (source: string) =>
      new Set([...source.matchAll(/from "\.\/(chunk-[\w-]+\.js)"/g)].map((match) => match[1]));
    const shared = [...chunks(server)].filter((chunk) => chunks(index).has(chunk));
    expect(shared.some((chunk) => /\bApiError = class\b/.test(readFileSync(`${dist}${chunk}`, 'utf8')))).toBe(true);
  });
});
