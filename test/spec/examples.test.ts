import { describe, expect, it } from 'vitest';
import { describeVendorDocs, vendorDocsDir, vendorExamples } from '../support/seeds.js';
import { loadSpec, responseExamples, schemaValidator, undeclaredProperties, type Json } from '../support/spec.js';

const specs = { commbox: loadSpec('commbox'), cometchat: loadSpec('cometchat') };

describe.each(Object.entries(specs))('%s spec examples', (_name, doc) => {
  const examples = responseExamples(doc);

  it('has named examples for every operation', () => {
    expect(examples.filter((example) => / 200 /.test(`${example.label} `)).length).toBeGreaterThan(0);
  });

  it.each(examples.map((example) => [example.label, example] as const))(
    '%s validates against its schema',
    (_label, example) => {
      const validate = schemaValidator(doc, example.schemaPointer);
      expect(validate(example.value), JSON.stringify(validate.errors, null, 2)).toBe(true);
      expect(undeclaredProperties(doc, { $ref: example.schemaPointer }, example.value)).toEqual([]);
    },
  );
});

describe('the vendor examples as published in the seeds', () => {
  const examples = vendorExamples();
  console.log(
    `spec examples: ${describeVendorDocs()}${examples.length ? `: ${[...new Set(examples.map((example) => example.file))].join(', ')}` : ''}`,
  );

  if (examples.length === 0) {
    it('says that the vendor documents folder is absent (VENDOR_DOCS_DIR)', () => {
      expect(vendorDocsDir()).toBeUndefined();
    });
  }

  it.each(examples.map((example) => [`${example.seed} ${example.name}`, example] as const))(
    '%s validates against our schema and is kept as a named example',
    (_label, example) => {
      const doc = specs[example.api];
      const status = example.name === '500' ? '500' : '200';
      const label = `GET ${example.path} ${status}`;
      const ours = responseExamples(doc).filter((candidate) => candidate.label.startsWith(label));
      const pointer = ours[0]!.schemaPointer;
      const validate = schemaValidator(doc, pointer);
      expect(validate(example.value), JSON.stringify(validate.errors, null, 2)).toBe(true);
      expect(undeclaredProperties(doc, { $ref: pointer }, example.value)).toEqual([]);
      expect(ours.map((candidate) => candidate.value)).toContainEqual(example.value);
    },
  );
});

describe('the schemas are as wide as the wire and no wider', () => {
  const conversation = schemaValidator(specs.commbox, '#/components/schemas/CommBoxConversation');
  const cometConversation = schemaValidator(specs.cometchat, '#/components/schemas/CometChatConversation');
  const base: Json = { objectId: 1 };

  it('accepts zone-less and zoned CommBox times, and null where the docs show null', () => {
    expect(conversation({ ...base, createdTime: '2026-02-12T15:01:02', closedTime: null, closeTime: null })).toBe(true);
    expect(conversation({ ...base, createdTime: '2024-09-17T07:51:52.2581942Z' })).toBe(true);
  });

  it('accepts unknown enum codes but not other types', () => {
    expect(conversation({ ...base, type: 99, statusId: 12, streamProviderType: 42 })).toBe(true);
    expect(conversation({ ...base, type: 'Text' })).toBe(false);
  });

  it('accepts userStreamProviderType as a number or a digit string', () => {
    expect(conversation({ ...base, userStreamProviderType: 4 })).toBe(true);
    expect(conversation({ ...base, userStreamProviderType: '4' })).toBe(true);
    expect(conversation({ ...base, userStreamProviderType: 'mail' })).toBe(false);
  });

  it('reports a field the spec does not declare', () => {
    const schema = { $ref: '#/components/schemas/CommBoxUserObjectsResponse' };
    const value = { data: [{ objectId: 1, childs: [{ id: 2, object_id: 1, colour: 'red' }], surprise: true }] };
    expect(undeclaredProperties(specs.commbox, schema, value)).toEqual([
      '$.data[0].childs[0].colour',
      '$.data[0].surprise',
    ]);
  });

  it('rejects a wrongly typed count', () => {
    expect(conversation({ ...base, unreadMessages: 'two' })).toBe(false);
  });

  it('accepts unreadMessageCount as a digit string or an integer', () => {
    const minimal = { conversationId: 'a_user_b', conversationType: 'user' };
    expect(cometConversation({ ...minimal, unreadMessageCount: '12' })).toBe(true);
    expect(cometConversation({ ...minimal, unreadMessageCount: 12 })).toBe(true);
    expect(cometConversation({ ...minimal, unreadMessageCount: 'twelve' })).toBe(false);
    expect(cometConversation({ ...minimal, conversationType: 'channel' })).toBe(false);
  });
});
