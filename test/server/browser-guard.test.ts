import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { isBrowser } from '../../src/core/browser-guard.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

const inAPage = () => {
  vi.stubGlobal('window', { document: {} });
  vi.stubGlobal('document', {});
  vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0' });
};

describe('vendor clients in a browser', () => {
  it('refuse to be built, pointing to createInboxHandler', () => {
    inAPage();
    expect(() => createCommBoxClient({ token: 'secret' })).toThrow(
      /createCommBoxClient: refused in a browser.*createInboxHandler/,
    );
    expect(() => createCometChatClient({ appId: 'a', region: 'eu', apiKey: 'secret' })).toThrow(
      /createCometChatClient: .*createInboxHandler.*dangerouslyAllowBrowser/,
    );
  });

  it('are built with dangerouslyAllowBrowser: true', () => {
    inAPage();
    expect(createCommBoxClient({ token: 'secret', dangerouslyAllowBrowser: true }).accountKey).toMatch(/^commbox:/);
  });

  it('are built in Node, and the message never holds the key', () => {
    expect(createCometChatClient({ appId: 'a', region: 'eu', apiKey: 'secret-key' }).accountKey).toMatch(/^cometchat:/);
    inAPage();
    expect(() => createCometChatClient({ appId: 'a', region: 'eu', apiKey: 'secret-key' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret-key') }),
    );
  });
});

describe('isBrowser', () => {
  it('tells pages and browser workers from server runtimes', () => {
    class WorkerGlobalScope {}
    expect(isBrowser({ window: { document: {} }, document: {}, navigator: {} })).toBe(true);
    expect(isBrowser({ WorkerGlobalScope, importScripts: () => {}, navigator: {} })).toBe(true);
    expect(isBrowser({ navigator: {} })).toBe(false); // Node 21+, Bun, Cloudflare Workers have navigator
    expect(isBrowser({ window: { document: {} }, document: {}, navigator: {}, Deno: {} })).toBe(false);
    expect(isBrowser({})).toBe(false);
  });
});
