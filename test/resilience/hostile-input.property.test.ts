import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: Server;
let baseUrl: string;
const received: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request.url ?? '');
    const body = request.url?.startsWith('/users/')
      ? { data: { conversationId: 'c', conversationType: 'user' } }
      : { status: 200, data: [] };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const hostileStrings = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      '.',
      '/',
      '\\',
      '?',
      '#',
      '%',
      '2',
      'e',
      'E',
      'f',
      'F',
      ' ',
      '\t',
      '\n',
      '&',
      '=',
      ';',
      '\uD800',
      'é',
      '😀',
    ),
  }),
  fc.constantFrom(
    '.',
    '..',
    '%2e',
    '%2e%2E',
    '.%2e',
    '../x',
    'a/b?c#d',
    '%',
    '%%',
    '%zz',
    '%2F',
    '\\..\\',
    ' ',
    '\u0000',
    '\uDC00',
  ),
);
const hostileNumbers = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.bigInt().map(Number),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, Number.NaN, Infinity),
);

/** Runs `call`; it must refuse with a TypeError/RangeError and send nothing, or send exactly one request. */
async function refusedOrSent(call: () => Promise<unknown>): Promise<string | undefined> {
  const before = received.length;
  try {
    await call();
  } catch (error) {
    expect(error instanceof TypeError || error instanceof RangeError, String(error)).toBe(true);
    expect((error as Error).message).toMatch(/"\w+"/);
    expect(received.length).toBe(before);
    return undefined;
  }
  expect(received.length).toBe(before + 1);
  return received[received.length - 1];
}

describe('hostile ids, uids and stream ids (fast-check)', () => {
  it('a uid is refused, or reaches the server as exactly one segment that decodes to it', async () => {
    const cometchat = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: 'k',
      onBehalfOf: 'me',
      baseUrl,
      maxRetries: 0,
    });
    await fc.assert(
      fc.asyncProperty(hostileStrings, async (uid) => {
        const url = await refusedOrSent(() => cometchat.getUserConversation(uid));
        if (url === undefined) return;
        const segments = url.split('/');
        expect(segments).toHaveLength(4);
        expect([segments[0], segments[1], segments[3]]).toEqual(['', 'users', 'conversation']);
        expect(decodeURIComponent(segments[2]!)).toBe(uid);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('a stream id is refused, or reaches the server as exactly one non-dot segment', async () => {
    const commbox = createCommBoxClient({ token: 't', baseUrl, maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileStrings, hostileNumbers), async (streamId) => {
        const url = await refusedOrSent(() => commbox.getObject(streamId, 7));
        if (url === undefined) return;
        const segments = url.split('?')[0]!.split('/');
        expect(segments).toHaveLength(5);
        expect([segments[0], segments[1], segments[3], segments[4]]).toEqual(['', 'streams', 'objects', '7']);
        const segment = segments[2]!;
        expect(segment).not.toMatch(/^(?:\.|%2e){1,2}$/i);
        if (typeof streamId === 'number') expect(segment).toBe(String(streamId));
        else if (!streamId.includes('%')) expect(decodeURIComponent(segment)).toBe(streamId);
      }),
      { numRuns: 300, seed: 43 },
    );
  });

  it('a numeric id is refused unless it is a positive safe integer', async () => {
    const commbox = createCommBoxClient({ token: 't', baseUrl, maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileNumbers, hostileStrings), async (id) => {
        const url = await refusedOrSent(() => commbox.getUserObjects(id as number));
        const valid =
          (typeof id === 'number' || /^\d+$/.test(id)) && Number.isSafeInteger(Number(id)) && Number(id) >= 1;
        expect(url !== undefined).toBe(valid);
        if (url !== undefined) expect(url).toBe(`/v2/users/identities/${Number(id)}/objects`);
      }),
      { numRuns: 300, seed: 44 },
    );
  });
});
