import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseMockArgs } from '../../src/mock/cli.js';
import { commboxWebhookXml } from '../../src/vendors/commbox/mock/webhook.js';
import { cometchatWebhookBody } from '../../src/vendors/cometchat/mock/webhook.js';
import { parseWebhookXml } from '../../src/server/webhooks/xml.js';
import { cometchatWebhookHint } from '../../src/vendors/cometchat/webhook-events.js';
import { commboxWebhookHint } from '../../src/vendors/commbox/webhook-events.js';

const spec = parse(readFileSync(new URL('../../openapi/webhooks.yaml', import.meta.url), 'utf8')) as {
  components: unknown;
};
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'webhooks', components: spec.components });
const validator = (name: string) => ajv.getSchema(`webhooks#/components/schemas/${name}`)!;

describe("the mock's webhooks are vendor-shaped", () => {
  it('a live CometChat message is a message_sent event of the spec, naming sender and owner', () => {
    const message = {
      id: '10001',
      conversationId: 'group_g1',
      sender: 'ann-1',
      receiverType: 'group',
      receiver: 'g1',
      category: 'message',
      type: 'text',
      data: { text: 'hi' },
      sentAt: 1_700_000_000,
      updatedAt: 1_700_000_000,
    };
    const body = cometchatWebhookBody({ api: 'cometchat', app: 'k', owner: 'superhero4', message });
    expect(validator('CometChatWebhook')(body), JSON.stringify(validator('CometChatWebhook').errors)).toBe(true);
    expect(cometchatWebhookHint(body)).toMatchObject({ kind: 'hint', users: ['ann-1'], groups: ['g1'] });
  });

  it('a mark-read is a message_read_receipt of the spec whose reader is the user who marked it', () => {
    const body = cometchatWebhookBody({
      api: 'cometchat',
      kind: 'read',
      reader: 'superhero4',
      other: 'superhero3',
      receiverType: 'user',
      messageId: '57',
      at: 1_700_000_000_000,
    });
    expect(validator('CometChatWebhook')(body)).toBe(true);
    expect(cometchatWebhookHint(body)).toMatchObject({ kind: 'hint', users: ['superhero4'] });
  });

  it('a live CommBox message is an OnNewChild XML Event (escaped) naming the object and its identity', () => {
    const xml = commboxWebhookXml(
      { objectId: 396001, streamId: 19155, subStreamId: 0, user_identity: 558355, user: { id: 545516 } },
      { id: 9001, createdTime: '2026-02-12T15:01:02', message: '<p>Tom & "Jerry"</p>' },
    );
    const parsed = parseWebhookXml(xml) as {
      value: { Event: { Object: { Children: { Child: { Message: string }[] } } } };
    };
    expect(validator('CommBoxWebhook')(parsed.value)).toBe(true);
    expect(parsed.value.Event.Object.Children.Child[0]!.Message).toBe('<p>Tom & "Jerry"</p>');
    expect(commboxWebhookHint(parsed.value)).toEqual({
      kind: 'hint',
      dedupeKey: 'commbox:OnNewChild:396001:c9001',
      users: ['558355'],
      groups: ['396001'],
    });
  });

  it('conversations-mock --webhook-url sets where they go; a bad URL is refused naming the flag', () => {
    expect(
      parseMockArgs(['--webhook-url', 'http://127.0.0.1:4000/api/inbox/webhooks', '--seed', '1'], {}).webhooks,
    ).toEqual({ url: 'http://127.0.0.1:4000/api/inbox/webhooks' });
    expect(parseMockArgs(['--seed', '1'], {}).webhooks).toBeUndefined();
    expect(() => parseMockArgs(['--webhook-url=ftp://x'], {})).toThrow(/--webhook-url/);
  });
});
