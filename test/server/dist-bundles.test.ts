import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, startVendorStandIn, throttled, type VendorStandIn } from '../support/vendor-stand-in.js';

const dist = new URL('../../dist/', import.meta.url);

let stub: VendorStandIn;
beforeEach(async () => {
  stub = await startVendorStandIn();
});
afterEach(() => stub.close());

describe('the built package: clients from "conversations-client", the handler from "conversations-client/server"', () => {
  it('two bundles with their own error classes: a 429 still opens the throttle window', async () => {
    if (!existsSync(new URL('server.js', dist)))
      throw new Error('The build is missing: run `npx tsup` (npm test does)');
    const main = await import(new URL('index.js', dist).href);
    const server = await import(new URL('server.js', dist).href);
    const clock = manualClock();
    const handler = server.createInboxHandler({
      cometchat: {
        client: main.createCometChatClient({
          appId: 'demo',
          region: 'eu',
          apiKey: 'k',
          baseUrl: `${stub.url}/cometchat`,
          maxRetries: 5,
        }),
      },
      resolveUser: () => ({ cometchat: { uid: 'superhero4' } }),
      now: clock.now,
    });
    const summary = () => handler(new Request('http://site.test/api/inbox/summary'));
    await summary();
    clock.advance(16_000);
    stub.answers.cometchat = throttled(30);
    const body = await (await summary()).json();
    expect(body.failures).toEqual([expect.objectContaining({ code: 'rate_limited', retryAfterMs: 30_000 })]);
    expect(body.stale).toBe(true);
    clock.advance(10_000);
    await summary();
    expect(stub.calls.cometchat).toBe(2);
  });
});
