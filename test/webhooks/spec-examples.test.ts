import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseWebhookXml } from '../../src/server/webhooks/xml.js';
import { cometchatWebhookHint } from '../../src/vendors/cometchat/webhook-events.js';
import { commboxWebhookHint } from '../../src/vendors/commbox/webhook-events.js';

type Json = Record<string, any>;
const spec = parse(readFileSync(new URL('../../openapi/webhooks.yaml', import.meta.url), 'utf8')) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema({ $id: 'webhooks', components: spec.components });
const validator = (name: string) => ajv.getSchema(`webhooks#/components/schemas/${name}`)!;

const fixtures = (vendor: string, ext: string) => {
  const folder = new URL(`./fixtures/${vendor}/`, import.meta.url);
  return readdirSync(folder)
    .filter((file) => file.endsWith(ext))
    .map((file) => [file, readFileSync(new URL(file, folder), 'utf8')] as const);
};
const cometchat = fixtures('cometchat', '.json');
const commbox = fixtures('commbox', '.xml');
const body = (hook: string, type: string) => spec.webhooks[hook].post.requestBody.content[type];

describe('CometChat webhook examples (the vendor events page)', () => {
  it('are all kept as fixtures and as examples of the spec', () => {
    expect(cometchat.length).toBe(8);
    const examples = Object.values(body('cometchat', 'application/json').examples as Json).map(
      (example) => example.value,
    );
    for (const [, text] of cometchat) expect(examples).toContainEqual(JSON.parse(text));
  });

  it.each(cometchat)('%s validates against CometChatWebhook', (_file, text) => {
    const validate = validator('CometChatWebhook');
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a trigger outside the schema, or a message without its id, does not validate', () => {
    const validate = validator('CometChatWebhook');
    const sent = JSON.parse(cometchat.find(([file]) => file === 'message_sent.json')![1]);
    expect(validate({ ...sent, trigger: 'message_exploded' })).toBe(false);
    const { id: _id, ...message } = sent.data.message;
    expect(validate({ ...sent, data: { message } })).toBe(false);
  });

  it('hints: a one-to-one message → sender and receiver, a read receipt → the reader, a delivery receipt → nothing', () => {
    const hint = (file: string) => cometchatWebhookHint(JSON.parse(cometchat.find(([name]) => name === file)![1]));
    expect(hint('message_sent.json')).toEqual({
      kind: 'hint',
      dedupeKey: 'cometchat:message_sent:1:1696934912',
      users: ['cometchat-uid-1', 'cometchat-uid-2'],
      groups: [],
    });
    expect(hint('message_edited.json')).toMatchObject({ kind: 'hint', users: ['cometchat-uid-1', 'cometchat-uid-2'] });
    expect(hint('message_deleted.json')).toMatchObject({ kind: 'hint', users: ['cometchat-uid-1', 'cometchat-uid-2'] });
    expect(hint('message_read_receipt.json')).toMatchObject({ kind: 'hint', users: ['cometchat-uid-2'], groups: [] });
    expect(hint('message_delivery_receipt.json')).toEqual({ kind: 'ignored' });
    expect(hint('message_read_by_all.json')).toEqual({ kind: 'ignored' });
  });
});

describe('CommBox webhook examples (Commbox.json, "Webhooks", Object events)', () => {
  it('are all kept as fixtures and as XML examples of the spec', () => {
    expect(commbox.length).toBe(22);
    const examples = Object.values(body('commbox', 'application/xml').examples as Json).map((example) => example.value);
    for (const [, text] of commbox) expect(examples).toContain(text);
  });

  it.each(commbox)('%s parses (no DTD, well-formed) and validates against CommBoxWebhook', (_file, text) => {
    const parsed = parseWebhookXml(text);
    expect(parsed).toHaveProperty('value');
    const validate = validator('CommBoxWebhook');
    expect(validate((parsed as { value: unknown }).value), JSON.stringify(validate.errors)).toBe(true);
    expect(commboxWebhookHint((parsed as { value: unknown }).value).kind).toBe('hint');
  });

  it('the JSON form example validates and means the same as its XML', () => {
    const json = body('commbox', 'application/json').examples.onNewChild.value;
    expect(validator('CommBoxWebhook')(json)).toBe(true);
    const xml = parseWebhookXml(commbox.find(([file]) => file === 'on-new-child.xml')![1]) as { value: unknown };
    expect(commboxWebhookHint(json)).toEqual(commboxWebhookHint(xml.value));
    expect(commboxWebhookHint(json)).toEqual({
      kind: 'hint',
      dedupeKey: 'commbox:OnNewChild:901730:c2099753',
      users: ['2191863'],
      groups: ['901730'],
    });
  });

  it('hints: OnNew → the customer identity and the object; OnUpdateTag → the object; a User subscription → nothing', () => {
    const hintOf = (file: string) =>
      commboxWebhookHint((parseWebhookXml(commbox.find(([name]) => name === file)![1]) as { value: unknown }).value);
    expect(hintOf('on-new.xml')).toMatchObject({ users: ['12345'], groups: ['123456'] });
    expect(hintOf('on-update-tag-remove.xml')).toEqual({
      kind: 'hint',
      dedupeKey: 'commbox:OnUpdateTag:901731:t1611Remove',
      users: [],
      groups: ['901731'],
    });
    expect(hintOf('on-new-activity-b.xml')).toMatchObject({
      dedupeKey: 'commbox:OnNewActivity:901731:a565420',
      users: ['16982'],
    });
    expect(commboxWebhookHint({ Event: { Subscription: 'User', Name: 'OnNew', User: { Id: '1' } } })).toEqual({
      kind: 'ignored',
    });
    expect(commboxWebhookHint({ Event: { Subscription: 'Object', Name: 'OnNewChild', Object: {} } }).kind).toBe(
      'malformed',
    );
  });
});

describe('hostile XML', () => {
  it('refuses a DTD, entity declarations (billion laughs, external entities) and malformed documents', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Event Subscription="Object" Name="OnNew">&lol2;</Event>';
    const external =
      '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Event Subscription="Object" Name="OnNew"><Object Id="1">&xxe;</Object></Event>';
    expect(parseWebhookXml(laughs)).toEqual({ error: 'XML with a DTD or entity declarations is refused' });
    expect(parseWebhookXml(external)).toEqual({ error: 'XML with a DTD or entity declarations is refused' });
    expect(parseWebhookXml('<Event Subscription="Object" Name="OnNew"><Object Id="1"></Event>')).toEqual({
      error: 'not well-formed XML',
    });
    expect(parseWebhookXml('not xml at all')).toEqual({ error: 'not well-formed XML' });
  });

  it('decodes only fixed entities: the predefined ones and character references', () => {
    const parsed = parseWebhookXml(
      '<Event Subscription="Object" Name="OnNew"><Object Id="1"><Message>a &amp; b &lt;c&gt; &#60;d&#x3E;</Message></Object></Event>',
    ) as { value: Json };
    expect(parsed.value.Event.Object.Message).toBe('a & b <c> <d>');
  });
});
