import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { createCometChatClient } from 'conversations-client';
import { createInboxHandler } from '../../src/server/index.js';
import { uniquePrefix } from '../support/redis-clients.js';
import { basic, CREDENTIALS, messageSent, readReceipt, webhookInstance } from './support/handler.js';
import { startVendors, type Vendors } from './support/vendors.js';

const redisUrl = inject('redisUrl');
let vendors: Vendors;
const open: { close(): void }[] = [];
const instance = (options: Parameters<typeof webhookInstance>[2] = {}) => {
  const made = webhookInstance(vendors, redisUrl, options);
  open.push(made);
  return made;
};
type Json = Record<string, any>;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

beforeAll(async () => {
  vendors = await startVendors(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank']);
});
afterAll(() => vendors.close());
afterEach(() => {
  for (const made of open.splice(0)) made.close();
  vendors.state.hang = false;
  vendors.release();
});

describe('a webhook makes the next summary right at once, on any instance', () => {
  it('message_sent on instance B: the next GET /summary on instance A shows the new unread count (one re-read, no cacheTtlMs wait)', async () => {
    const keyPrefix = uniquePrefix();
    const [a, b] = [instance({ keyPrefix }), instance({ keyPrefix })];
    vendors.setUnread('alice', 'alice_user_bob', 0);
    expect((await a.summary('alice')).byProvider.cometchat).toBe(0);
    const before = vendors.readsOf('cometchat:alice');

    vendors.setUnread('alice', 'alice_user_bob', 3);
    const response = await b.cometchat(messageSent('bob', 'alice', '101'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: 'queued' });
    await b.handler.changes.settled();

    const summary = await a.summary('alice');
    expect(summary.byProvider.cometchat).toBe(3);
    expect(summary.conversations.find((c) => c.id === 'alice_user_bob')?.unread).toBe(3);
    expect(vendors.readsOf('cometchat:alice') - before).toBe(1);
  });

  it('a read receipt re-reads the reader; a change listener hears the new count', async () => {
    const hook = instance();
    vendors.setUnread('erin', 'bob_user_erin', 4);
    expect((await hook.summary('erin')).byProvider.cometchat).toBe(4);
    const changes: { userId: string; unread: number }[] = [];
    hook.handler.changes.onSummaryChange((change) => changes.push({ userId: change.userId, unread: change.unread }));
    vendors.setUnread('erin', 'bob_user_erin', 0);
    expect((await hook.cometchat(readReceipt('erin', 'bob', '77'))).status).toBe(200);
    await hook.handler.changes.settled();
    expect(changes).toEqual([{ userId: 'erin', unread: 0 }]);
    expect((await hook.summary('erin')).byProvider.cometchat).toBe(0);
  });
});

describe('events are hints for the users they name', () => {
  it('an event for alice never touches carol; a user nobody watches costs no read', async () => {
    const hook = instance();
    await hook.summary('alice');
    await hook.summary('carol');
    const before = {
      alice: vendors.readsOf('cometchat:alice'),
      carol: vendors.readsOf('cometchat:carol'),
      dave: vendors.readsOf('cometchat:dave'),
    };
    await hook.cometchat(messageSent('dave', 'alice', '201'));
    await hook.handler.changes.settled();
    expect(vendors.readsOf('cometchat:alice') - before.alice).toBe(1);
    expect(vendors.readsOf('cometchat:carol')).toBe(before.carol);
    expect(vendors.readsOf('cometchat:dave')).toBe(before.dave); // dave sent it, but nobody watches dave
    await hook.summary('carol'); // still cached
    expect(vendors.readsOf('cometchat:carol')).toBe(before.carol);
  });

  it('a group message re-reads the watched users whose last read contained the group, and only them', async () => {
    const hook = instance();
    await hook.summary('frank'); // frank's read lists group g1
    const before = { frank: vendors.readsOf('cometchat:frank'), gina: vendors.readsOf('cometchat:gina') };
    vendors.setUnread('frank', 'group_g1', 2);
    await hook.cometchat(messageSent('gina', 'g1', '301', 1_700_000_000, 'group'));
    await hook.handler.changes.settled();
    expect(vendors.readsOf('cometchat:frank') - before.frank).toBe(1);
    expect(vendors.readsOf('cometchat:gina')).toBe(before.gina);
    expect((await hook.summary('frank')).byProvider.cometchat).toBe(2);
  });

  it('the group index is shared: a group message on instance B re-reads the reader watched on instance A', async () => {
    const keyPrefix = uniquePrefix();
    const [a, b] = [instance({ keyPrefix }), instance({ keyPrefix })];
    await a.summary('gina');
    await a.handler.changes.settled(); // the index write
    const before = vendors.readsOf('cometchat:gina');
    vendors.setUnread('gina', 'group_g1', 6);
    await b.cometchat(messageSent('hank', 'g1', '351', 1_700_000_001, 'group'));
    await b.handler.changes.settled();
    expect(vendors.readsOf('cometchat:gina') - before).toBe(1);
    expect((await a.summary('gina')).byProvider.cometchat).toBe(6);
  });

  it('a change listener that throws is reported to onError, never to the vendor', async () => {
    const hook = instance();
    vendors.setUnread('carol', 'bob_user_carol', 0);
    await hook.summary('carol');
    hook.handler.changes.onSummaryChange(() => {
      throw new Error('listener broke');
    });
    vendors.setUnread('carol', 'bob_user_carol', 9);
    expect((await hook.cometchat(messageSent('bob', 'carol', '361'))).status).toBe(200);
    await hook.handler.changes.settled();
    expect(hook.errors.map(({ error, source }) => [source, error.message])).toEqual([['webhook', 'listener broke']]);
  });

  it("duplicated and reordered deliveries cost at most one extra read and end on the vendor's count", async () => {
    const hook = instance();
    vendors.setUnread('hank', 'bob_user_hank', 1);
    await hook.summary('hank');
    const before = vendors.readsOf('cometchat:hank');
    vendors.setUnread('hank', 'bob_user_hank', 0);
    // The receipt first, then the message it reads, each delivered three times (CometChat's retries).
    const receipt = readReceipt('hank', 'bob', '401');
    const message = messageSent('bob', 'hank', '401');
    const answers = await Promise.all(
      [receipt, receipt, message, receipt, message, message].map((event) => hook.cometchat(event)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await hook.handler.changes.settled();
    expect(vendors.readsOf('cometchat:hank') - before).toBeLessThanOrEqual(2); // one per distinct event at most
    expect(vendors.readsOf('cometchat:hank') - before).toBeGreaterThanOrEqual(1);
    const afterBurst = vendors.readsOf('cometchat:hank');
    // Replays inside the retry window are dropped: no read at all.
    for (const event of [receipt, message])
      expect(await (await hook.cometchat(event)).json()).toEqual({ received: 'duplicate' });
    await hook.handler.changes.settled();
    expect(vendors.readsOf('cometchat:hank')).toBe(afterBurst);
    expect((await hook.summary('hank')).byProvider.cometchat).toBe(0);
  });

  it('a CommBox OnNewChild re-reads the watched identity it names, not another one', async () => {
    const hook = instance();
    const get = (identity: number) =>
      hook.handler(new Request('http://site.test/api/inbox/summary', { headers: { 'x-identity': String(identity) } }));
    await get(2191863);
    await get(558355);
    const before = { named: vendors.readsOf('commbox:2191863'), other: vendors.readsOf('commbox:558355') };
    const response = await hook.commbox(fixture('commbox/on-new-child.xml'));
    expect(response.status).toBe(200);
    await hook.handler.changes.settled();
    expect(vendors.readsOf('commbox:2191863') - before.named).toBe(1);
    expect(vendors.readsOf('commbox:558355')).toBe(before.other);
  });
});

describe('authentication, before anything is read', () => {
  it('answers 401 to missing or wrong credentials and processes nothing', async () => {
    const hook = instance();
    await hook.summary('alice');
    const before = vendors.readsOf('cometchat:alice');
    const event = JSON.stringify(messageSent('bob', 'alice', '501'));
    for (const authorization of [
      undefined,
      basic(CREDENTIALS.cometchat.username, 'wrong-password-of-length'),
      basic('someone', CREDENTIALS.cometchat.password),
      'Bearer x',
      'Basic !!!',
    ]) {
      const response = await hook.post('cometchat', event, {
        'content-type': 'application/json',
        ...(authorization ? { authorization } : {}),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
      const text = await response.text();
      expect(text).not.toContain(CREDENTIALS.cometchat.password);
      expect(JSON.parse(text)).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    // CommBox's credentials do not open CometChat's route.
    expect(
      (
        await hook.cometchat(event, {
          authorization: basic(CREDENTIALS.commbox.username, CREDENTIALS.commbox.password),
        })
      ).status,
    ).toBe(401);
    await hook.handler.changes.settled();
    await hook.summary('alice');
    expect(vendors.readsOf('cometchat:alice')).toBe(before);
  });

  it('CommBox: Basic auth or the secret path segment, nothing else', async () => {
    const hook = instance();
    const xml = fixture('commbox/on-update-tag-add.xml');
    expect((await hook.commbox(xml)).status).toBe(200);
    expect(
      (await hook.post(`commbox/${CREDENTIALS.commbox.pathSecret}`, xml, { 'content-type': 'text/xml' })).status,
    ).toBe(200);
    expect(
      (await hook.post(`commbox/${CREDENTIALS.commbox.pathSecret.slice(0, -1)}x`, xml, { 'content-type': 'text/xml' }))
        .status,
    ).toBe(401);
    expect((await hook.post('commbox/%E0%A4%A', xml, { 'content-type': 'text/xml' })).status).toBe(401);
    expect((await hook.post('commbox', xml, { 'content-type': 'text/xml' })).status).toBe(401);
  });

  it('startup refuses weak or missing secrets, naming the option and never showing the secret', () => {
    const client = createCometChatClient({ appId: 'a', region: 'eu', apiKey: 'k' });
    const make = (webhooks: unknown) => () =>
      createInboxHandler({ cometchat: { client }, resolveUser: () => null, webhooks: webhooks as never });
    expect(make({ cometchat: { username: 'u', password: 'short-pass' } })).toThrow(
      /webhooks\.cometchat\.password.*at least 16/,
    );
    expect(make({ cometchat: { username: 'u', password: 'short-pass' } })).not.toThrow(/short-pass/);
    expect(make({ cometchat: { username: '', password: 'x'.repeat(20) } })).toThrow(/webhooks\.cometchat\.username/);
    expect(make({ commbox: { pathSecret: 'abc' } })).toThrow(/webhooks\.commbox\.pathSecret/);
    expect(make({ commbox: {} })).toThrow(/webhooks\.commbox/);
    expect(make({})).toThrow(/webhooks/);
    expect(make({ cometchat: CREDENTIALS.cometchat, maxBodyBytes: 0 })).toThrow(/webhooks\.maxBodyBytes/);
    expect(make({ commbox: { pathSecret: CREDENTIALS.commbox.pathSecret } })).toThrow(
      /webhooks\.commbox.*needs the commbox option/,
    );
  });
});

describe('bodies', () => {
  it('413 past maxBodyBytes, with or without Content-Length (counted while reading)', async () => {
    const hook = instance({ webhooks: { cometchat: CREDENTIALS.cometchat, maxBodyBytes: 1024 } });
    const big = JSON.stringify({ ...messageSent('bob', 'alice', '601'), padding: 'x'.repeat(2000) });
    expect((await hook.cometchat(big)).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(200)));
        controller.close();
      },
    });
    const request = new Request('http://site.test/api/inbox/webhooks/cometchat', {
      method: 'POST',
      body: stream,
      headers: {
        'content-type': 'application/json',
        authorization: basic(CREDENTIALS.cometchat.username, CREDENTIALS.cometchat.password),
      },
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    expect((await hook.handler(request)).status).toBe(413);
  });

  it('415 for a content type the vendor does not send', async () => {
    const hook = instance();
    expect((await hook.cometchat(messageSent('bob', 'alice', '701'), { 'content-type': 'text/plain' })).status).toBe(
      415,
    );
    expect(
      (await hook.cometchat(messageSent('bob', 'alice', '701'), { 'content-type': 'application/xml' })).status,
    ).toBe(415);
    expect(
      (await hook.commbox(fixture('commbox/on-new.xml'), { 'content-type': 'application/x-www-form-urlencoded' }))
        .status,
    ).toBe(415);
  });

  it('400 for malformed bodies (never retried usefully), 200 "ignored" for events that change no count', async () => {
    const hook = instance();
    expect((await hook.cometchat('{"trigger":')).status).toBe(400);
    // The vendor's own message_edited example, trailing comma and all, is not JSON.
    const published = fixture('cometchat/message_edited.json').replace(
      '"entityType": "message"\n          }\n        }',
      '"entityType": "message"\n          }\n        },',
    );
    expect(published).not.toBe(fixture('cometchat/message_edited.json'));
    expect((await hook.cometchat(published)).status).toBe(400);
    const {
      data: {
        message: { id: _id, ...message },
      },
    } = messageSent('bob', 'alice', '801');
    expect((await hook.cometchat({ ...messageSent('bob', 'alice', '801'), data: { message } })).status).toBe(400);
    expect((await hook.cometchat([1, 2])).status).toBe(400);
    const ignored = await hook.cometchat(JSON.parse(fixture('cometchat/message_delivery_receipt.json')));
    expect([ignored.status, await ignored.json()]).toEqual([200, { received: 'ignored' }]);
    expect(
      (await hook.cometchat({ trigger: 'call_started', data: {}, appId: 'a', region: 'eu', webhook: 'w' })).status,
    ).toBe(200);

    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Event Subscription="Object" Name="OnNew"><Object Id="1">&lol2;</Object></Event>';
    expect((await hook.commbox(laughs)).status).toBe(400);
    expect((await hook.commbox('<Event Subscription="Object" Name="OnNew"><Object Id="1"></Event>')).status).toBe(400);
    expect(
      (
        await hook.commbox('{"Event":{"Subscription":"Object","Name":"OnNewChild","Object":{"Id":"x"}}}', {
          'content-type': 'application/json',
        })
      ).status,
    ).toBe(400);
    expect((await hook.commbox('<Event Subscription="User" Name="OnNew"><User Id="1"/></Event>')).status).toBe(200);
    expect(hook.errors).toEqual([]);
  });

  it('every vendor example is accepted by the route', async () => {
    const hook = instance();
    for (const name of [
      'message_sent',
      'message_edited',
      'message_deleted',
      'message_delivery_receipt',
      'message_read_receipt',
      'message_delivered_to_all',
      'message_read_by_all',
      'user_mentioned',
    ]) {
      expect((await hook.cometchat(fixture(`cometchat/${name}.json`))).status, name).toBe(200);
    }
    for (const letter of 'abcdefghijklmnopq')
      expect((await hook.commbox(fixture(`commbox/on-new-activity-${letter}.xml`))).status, letter).toBe(200);
    for (const name of ['structure-example', 'on-new', 'on-new-child', 'on-update-tag-add', 'on-update-tag-remove'])
      expect((await hook.commbox(fixture(`commbox/${name}.xml`))).status, name).toBe(200);
    // The JSON form, with the spec's example: the same event as the OnNewChild XML above, so a duplicate.
    const json = (parse(fixture('../../../openapi/webhooks.yaml')) as Json).webhooks.commbox.post.requestBody.content[
      'application/json'
    ].examples.onNewChild.value;
    const answer = await hook.commbox(JSON.stringify(json), { 'content-type': 'application/json; charset=utf-8' });
    expect([answer.status, await answer.json()]).toEqual([200, { received: 'duplicate' }]);
    await hook.handler.changes.settled();
  });
});

describe('acknowledging fast', () => {
  it('answers while the vendor read it causes still hangs; the read completes after the answer, handed to waitUntil', async () => {
    const handed: Promise<unknown>[] = [];
    const hook = instance({
      webhooks: { cometchat: CREDENTIALS.cometchat, waitUntil: (promise) => handed.push(promise) },
    });
    await hook.summary('bob');
    const before = vendors.readsOf('cometchat:bob');
    vendors.state.hang = true;
    const response = await hook.cometchat(messageSent('alice', 'bob', '901'));
    // Had the answer waited for the vendor, it would never have come: the read is released only below.
    expect(response.status).toBe(200);
    expect(handed).toHaveLength(1);
    let done = false;
    void handed[0]!.then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    vendors.release();
    vendors.state.hang = false;
    await handed[0];
    expect(vendors.readsOf('cometchat:bob') - before).toBe(1);
  });
});
