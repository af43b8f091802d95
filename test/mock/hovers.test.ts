import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exportedTypes } from '../support/exported-types.js';

/**
 * What an editor shows on hover over the mock's public types, now derived from the list of mock
 * vendors: the same members as when they were written by name, with literal types and named aliases
 * (not a vendor object's 40 lines), and docs naming the per-vendor keys.
 */
describe('the mock’s derived public types read well in hovers', () => {
  const file = fileURLToPath(new URL('../../src/mock/index.ts', import.meta.url));
  const { checker, symbol, declared, valueOf, show, member } = exportedTypes(file);
  const docs = (name: string) => ts.displayPartsToString(symbol(name).getDocumentationComment(checker));

  it('MockServerOptions: a port per vendor, documented on the interface', () => {
    const options = declared('MockServerOptions');
    expect(show(member(options, 'commboxPort'))).toBe('number | undefined');
    expect(show(member(options, 'cometchatPort'))).toBe('number | undefined');
    expect(show(member(options, 'webhooks'))).toBe('MockWebhookOptions | undefined');
    expect(options.getProperty('threadlyPort')).toBeUndefined();
    expect(docs('MockServerOptions')).toMatch(/`commboxPort` and `cometchatPort`/);
  });

  it('MockServers: a URL per vendor, and the common members', () => {
    const servers = declared('MockServers');
    expect(show(member(servers, 'commbox'))).toBe('{ url: string; }');
    expect(show(member(servers, 'cometchat'))).toBe('{ url: string; }');
    expect(show(member(servers, 'operations'))).toBe('MockOperation<"commbox" | "cometchat">[]');
    expect(show(declared('MockedApi'))).toBe('"commbox" | "cometchat"');
  });

  it('MOCKED_APIS and MOCK_WEBHOOK_CREDENTIALS: named, with the literal values per vendor', () => {
    expect(show(valueOf('MOCKED_APIS'))).toBe('MockedApis');
    expect(show(member(valueOf('MOCKED_APIS'), 'commbox'))).toBe(
      '{ readonly title: "CommBox"; readonly spec: "openapi/commbox.yaml"; readonly defaultPort: 4010; readonly portEnv: "COMMBOX_MOCK_PORT"; }',
    );
    expect(show(valueOf('MOCK_WEBHOOK_CREDENTIALS'))).toBe('MockWebhookCredentials');
    expect(show(member(valueOf('MOCK_WEBHOOK_CREDENTIALS'), 'cometchat'))).toBe(
      '{ readonly username: "mock-cometchat"; readonly password: "mock-cometchat-webhook-secret"; }',
    );
    expect(show(member(declared('MockWebhookOptions'), 'commbox'))).toBe('MockCredentials | undefined');
  });
});
