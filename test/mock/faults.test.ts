import { ConnectionError, createCometChatClient, RateLimitError, ServerError } from 'conversations-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_HEADERS, startMockServers, type MockServers } from '../../src/mock/index.js';
import { parseMockArgs } from '../../src/mock/cli.js';
import { AUTH, expectValid } from './support/mock-client.js';

let mocks: MockServers;
beforeAll(async () => {
  mocks = await startMockServers();
}, 180_000); // starting Prism: seconds alone, far more on a loaded machine
afterAll(() => mocks.close());

const userObjects = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/v2/users/identities/558355/objects`, { headers: { ...AUTH.commbox, ...headers } });

describe('failures and latency by header, per request', () => {
  it('429 with Retry-After (and CometChat X-Rate-Limit-Reset), with the body the spec documents', async () => {
    const commbox = await userObjects(mocks.commbox.url, { [FAULT_HEADERS.fail]: '429' });
    expect(commbox.status).toBe(429);
    expect(Number(commbox.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expectValid('commbox', 'GET', '/v2/users/identities/{USER_IDENTITY_ID}/objects', 429, await commbox.json());

    const client = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: 'k',
      baseUrl: mocks.cometchat.url,
      onBehalfOf: 'superhero4',
      maxRetries: 0,
      headers: { [FAULT_HEADERS.fail]: '429' },
    });
    const error = await client.getUserConversation('superhero3').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(Number((error as RateLimitError).headers?.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000 - 5);
  });

  it('500 and dropped connections', async () => {
    const failing = await userObjects(mocks.commbox.url, { [FAULT_HEADERS.fail]: '500' });
    expect(failing.status).toBe(500);
    expectValid('commbox', 'GET', '/v2/users/identities/{USER_IDENTITY_ID}/objects', 500, await failing.json());
    await expect(userObjects(mocks.commbox.url, { [FAULT_HEADERS.fail]: 'drop' })).rejects.toThrow(TypeError);
    const client = createCometChatClient({
      appId: 'a',
      region: 'us',
      apiKey: 'k',
      baseUrl: mocks.cometchat.url,
      onBehalfOf: 'superhero4',
      maxRetries: 0,
    });
    await expect(
      client.getUserConversation('superhero3', { headers: { [FAULT_HEADERS.fail]: 'drop' } }),
    ).rejects.toBeInstanceOf(ConnectionError);
    await expect(
      client.getUserConversation('superhero3', { headers: { [FAULT_HEADERS.fail]: '500' } }),
    ).rejects.toBeInstanceOf(ServerError);
  });

  it('latency: the answer takes at least the asked time', async () => {
    const started = performance.now();
    const response = await userObjects(mocks.commbox.url, { [FAULT_HEADERS.latency]: '300-350' });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it('a malformed knob is a 400 naming the header', async () => {
    const response = await userObjects(mocks.commbox.url, { [FAULT_HEADERS.failRate]: 'lots' });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(FAULT_HEADERS.failRate);
  });
});

describe('--fail-rate', () => {
  /** The status of each of `count` requests (0 for a dropped connection). */
  async function fates(seed: number, count: number): Promise<number[]> {
    const seeded = await startMockServers({ seed, failRate: 0.5 });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < count; index++)
        statuses.push(
          await userObjects(seeded.commbox.url).then(
            (r) => r.status,
            () => 0,
          ),
        );
      return statuses;
    } finally {
      await seeded.close();
    }
  }

  it('is a seeded mix of 429, 500 and dropped connections: the same seed, the same sequence', async () => {
    const first = await fates(3, 40);
    expect(new Set(first)).toEqual(new Set([200, 429, 500, 0]));
    const failed = first.filter((status) => status !== 200).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(await fates(3, 40)).toEqual(first);
  }, 60_000);
});

describe('command-line knobs', () => {
  it('parses --seed, --latency, --fail-rate and ports, naming what is wrong', () => {
    expect(parseMockArgs(['--dynamic', '--seed', '42', '--latency', '200-600', '--fail-rate=0.1'], {})).toMatchObject({
      dynamic: true,
      seed: 42,
      latencyMs: [200, 600],
      failRate: 0.1,
      commboxPort: 4010,
      cometchatPort: 4011,
    });
    expect(parseMockArgs(['--latency=250'], { COMMBOX_MOCK_PORT: '4210' })).toMatchObject({
      latencyMs: [250, 250],
      commboxPort: 4210,
    });
    expect(() => parseMockArgs(['--latency', '600-200'], {})).toThrow(/--latency/);
    expect(() => parseMockArgs(['--fail-rate', '2'], {})).toThrow(/--fail-rate/);
    expect(() => parseMockArgs(['--seed', 'x'], {})).toThrow(/--seed/);
    expect(() => parseMockArgs(['--seed'], {})).toThrow(/--seed needs a value/);
    // Read by node:util parseArgs; what it leaves loose is refused, naming the argument as typed.
    expect(() => parseMockArgs(['--seed', '--dynamic'], {})).toThrow(/--seed needs a value/);
    expect(() => parseMockArgs(['--port=4000'], {}, 'npm start')).toThrow(/^npm start: unknown flag "--port=4000"/);
    expect(() => parseMockArgs(['--dynamic', 'extra'], {})).toThrow(/unknown argument "extra"/);
    expect(() => parseMockArgs(['-x'], {})).toThrow(/unknown argument "-x"/);
    expect(parseMockArgs(['--seed', '7', '-h', '--commbox-port', '0'], {})).toMatchObject({
      seed: 7,
      commboxPort: 0,
      dynamic: false,
    });
  });
});
