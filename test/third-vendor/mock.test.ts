import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { createInboxOver } from '../../src/inbox/inbox.js';
import { PortInUseError, RESET_PATH } from '../../src/mock/index.js';
import {
  startMockServersOver,
  type MockServerOptionsOf,
  type MockServersOf,
} from '../../src/mock/start-mock-servers.js';
import { MOCK_VENDORS } from '../../src/vendors/mock-vendors.js';
import { THREE_MOCK_VENDORS, THREE_PROVIDERS } from './providers.js';
import { createThreadlyClient } from './threadly/client.js';
import { generateThreads, threadlyMock } from './threadly/mock.js';

// The mock over three vendors: the package's list plus the test-only vendor's mock part
// (./threadly/mock.ts: its own spec behind Prism, its state, its quota header), through the same
// loop `startMockServers` runs over `MOCK_VENDORS`.

const NOW = Date.parse('2026-11-22T10:00:00Z');
const SEED = 5;
let clock = NOW;
type ThreeMock = (typeof THREE_MOCK_VENDORS)[number];
let mocks: MockServersOf<ThreeMock>;

beforeAll(async () => {
  mocks = await startMockServersOver(THREE_MOCK_VENDORS, { seed: SEED, clock: () => clock, threadlyPort: 0 });
}, 180_000);
afterAll(async () => {
  await mocks?.close();
});
beforeEach(() => {
  clock = NOW;
  mocks.reset();
});

const threadly = (scenario?: string, headers: Record<string, string> = {}) =>
  createThreadlyClient({
    apiKey: 'any-key',
    baseUrl: mocks.threadly.url,
    maxRetries: 0,
    headers: { ...(scenario ? { Prefer: `example=${scenario}` } : {}), ...headers },
  });

describe('startMockServersOver([...MOCK_VENDORS, threadlyMock])', () => {
  it('serves three vendors, each on its own port, and lists the third one’s operations from its spec', () => {
    const urls = [mocks.commbox.url, mocks.cometchat.url, mocks.threadly.url];
    expect(new Set(urls).size).toBe(3);
    expect(mocks.operations.filter((operation) => operation.api === 'threadly')).toEqual([
      expect.objectContaining({
        operationId: 'listThreads',
        method: 'GET',
        examples: ['two'],
        codes: ['429', 'default'],
      }),
      expect.objectContaining({
        operationId: 'markThreadSeen',
        method: 'POST',
        path: '/v1/members/{memberId}/threads/{threadId}/seen',
      }),
    ]);
    expect(new Set(mocks.operations.map((operation) => operation.api))).toEqual(
      new Set(['commbox', 'cometchat', 'threadly']),
    );
  });

  it('answers List Threads from the spec’s example by default, and Mark Seen shows in the next read', async () => {
    const client = threadly();
    const first = await client.listThreads('m-1');
    expect(first).toEqual({
      unseenTotal: 3,
      items: [
        expect.objectContaining({ threadId: 't-1', subject: 'Order 1182', unseen: 2 }),
        expect.objectContaining({ threadId: 't-2', unseen: 1 }),
      ],
    });
    await client.markThreadSeen('m-1', 't-1');
    const after = await client.listThreads('m-1');
    expect(after.unseenTotal).toBe(1);
    expect(after.items[0]).toMatchObject({ threadId: 't-1', unseen: 0 });
    // The reset request of any of the three mocks starts every vendor over.
    expect((await fetch(`${mocks.cometchat.url}${RESET_PATH}`, { method: 'POST' })).status).toBe(204);
    expect((await client.listThreads('m-1')).unseenTotal).toBe(3);
  });

  it('serves generated threads for `many` (seeded, newest first, totals that add up), per member', async () => {
    const list = await threadly('many').listThreads('m-7');
    const expected = generateThreads(SEED, 'm-7', Date.UTC(2026, 10, 22));
    expect(list.items).toHaveLength(40);
    expect(list.items).toEqual([...expected].sort((a, b) => b.lastActivity! - a.lastActivity!));
    expect(list.unseenTotal).toBe(list.items.reduce((sum, thread) => sum + (thread.unseen ?? 0), 0));
    expect(list.unseenTotal).toBeGreaterThan(0);
    expect((await threadly('many').listThreads('m-8')).items[0]).not.toEqual(list.items[0]);
  });

  it('`live` grows unseen counts as the injected clock moves', async () => {
    const before = (await threadly('live').listThreads('m-1')).unseenTotal!;
    clock += 60_000;
    const after = (await threadly('live').listThreads('m-1')).unseenTotal!;
    expect(after).toBeGreaterThan(before);
  });

  it('a 429 fault carries the third vendor’s own quota header, and Prism still validates its requests', async () => {
    const response = await fetch(`${mocks.threadly.url}/v1/members/m-1/threads`, {
      headers: { 'x-threadly-key': 'k', 'x-mock-fail': '429' },
    });
    expect(response.status).toBe(429);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(response.headers.get('x-quota-retry-ms')).toBe(String(retryAfter * 1000));
    expect((await fetch(`${mocks.threadly.url}/v1/members/m-1/threads`)).status).toBe(401); // no X-Threadly-Key
    expect(
      (await fetch(`${mocks.threadly.url}/v1/members/Not%20Valid/threads`, { headers: { 'x-threadly-key': 'k' } }))
        .status,
    ).toBe(422);
  });

  it('a taken port names the third vendor and its variable; unusable vendor ids are refused before anything starts', async () => {
    const port = Number(new URL(mocks.threadly.url).port);
    const taken = startMockServersOver(THREE_MOCK_VENDORS, { threadlyPort: port });
    await expect(taken).rejects.toBeInstanceOf(PortInUseError);
    await expect(taken).rejects.toMatchObject({
      api: 'threadly',
      port,
      message: expect.stringMatching(/so the Threadly mock cannot start\. .* set THREADLY_MOCK_PORT /),
    });
    await expect(startMockServersOver([...MOCK_VENDORS, { ...threadlyMock, id: 'url' }])).rejects.toThrow(
      /vendor id must be .*got "url"/,
    );
    await expect(startMockServersOver([...MOCK_VENDORS, MOCK_VENDORS[0]])).rejects.toThrow(/got "commbox"/);
  }, 60_000);

  it('the inbox over the three lists reads the three mocks', async () => {
    const inbox = createInboxOver(THREE_PROVIDERS, {
      commbox: { client: createCommBoxClient({ token: 'any', baseUrl: mocks.commbox.url }), userIdentityId: 558355 },
      cometchat: {
        client: createCometChatClient({ appId: 'app', region: 'us', apiKey: 'any', baseUrl: mocks.cometchat.url }),
        uid: 'superhero4',
      },
      threadly: { client: threadly(), memberId: 'm-1' },
    });
    const summary = await inbox.unreadSummary();
    expect(summary.failures).toEqual([]);
    expect(Object.keys(summary.byProvider)).toEqual(['commbox', 'cometchat', 'threadly']);
    expect(summary.byProvider.threadly).toBe(3);
    expect(summary.byProvider.commbox + summary.byProvider.cometchat).toBeGreaterThan(0);
  });
});

describe('the mock’s per-vendor types derive from the list', () => {
  it('`{id}Port` options and `{id}.url` results for each of the three, and nothing for a fourth', () => {
    expectTypeOf<MockServerOptionsOf<ThreeMock>>().toHaveProperty('threadlyPort').toEqualTypeOf<number | undefined>();
    expectTypeOf<MockServerOptionsOf<ThreeMock>>().toHaveProperty('commboxPort');
    expectTypeOf(mocks.threadly).toEqualTypeOf<{ url: string }>();
    expectTypeOf(mocks.operations[0]!.api).toEqualTypeOf<'commbox' | 'cometchat' | 'threadly'>();
    // @ts-expect-error `fourthlyPort` names no vendor of the list
    const wrong: MockServerOptionsOf<ThreeMock> = { fourthlyPort: 1 };
    expect(wrong).toBeDefined();
  });
});
