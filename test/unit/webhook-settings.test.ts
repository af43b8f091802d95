import { describe, expect, it } from 'vitest';
import type { AnyProviderAdapter } from '../../src/inbox/provider-adapter.js';
import { webhookSettings } from '../../src/server/webhooks/options.js';
import { PROVIDER_ADAPTERS } from '../../src/vendors/providers.js';

// `webhooks.<provider>` is checked by the auth scheme each adapter's webhook part declares, over the list
// it is given: the messages (parameter names, minimum lengths) are those of the hand-written checks before.
const PASSWORD = 'x'.repeat(16);
const SECRET = 'a'.repeat(32);
const check = (options: unknown, adapters: readonly AnyProviderAdapter[] = PROVIDER_ADAPTERS) =>
  webhookSettings(adapters, options as never);
const thrown = (options: unknown): string => {
  try {
    check(options);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
  throw new Error('did not throw');
};

describe('webhookSettings over the package list', () => {
  it("'basic' (CometChat): username and a 16+ character password, required", () => {
    expect(thrown({ cometchat: { username: 'u', password: 'short-pass' } })).toBe(
      'RangeError: createInboxHandler: "webhooks.cometchat.password" must be a string of at least 16 characters (a weak webhook password lets anyone trigger vendor reads)',
    );
    for (const username of [undefined, '', 'a:b', 'a\u0001'])
      expect(thrown({ cometchat: { username, password: PASSWORD } })).toBe(
        'TypeError: createInboxHandler: "webhooks.cometchat.username" must be a non-empty string without ":" or control characters',
      );
    expect(thrown({ cometchat: 'x' })).toBe(
      'TypeError: createInboxHandler: "webhooks.cometchat" must be an object, got "x"',
    );
    expect(check({ cometchat: { username: 'u', password: PASSWORD } }).vendors).toEqual(
      new Map([['cometchat', { credentials: `u:${PASSWORD}` }]]),
    );
  });

  it("'basic-or-path-secret' (CommBox): Basic, a 32+ character path secret, or both", () => {
    expect(thrown({ commbox: {} })).toBe(
      'TypeError: createInboxHandler: "webhooks.commbox" needs username and password, pathSecret, or both',
    );
    for (const pathSecret of ['a'.repeat(31), `${'a'.repeat(31)}!`, 5])
      expect(thrown({ commbox: { pathSecret } })).toBe(
        'RangeError: createInboxHandler: "webhooks.commbox.pathSecret" must be at least 32 characters of A-Z a-z 0-9 _ - (e.g. 24 random bytes in base64url)',
      );
    expect(thrown({ commbox: { username: 'u' } })).toMatch(
      /"webhooks\.commbox\.password" must be a string of at least 16/,
    );
    expect(thrown({ commbox: { password: PASSWORD } })).toMatch(/"webhooks\.commbox\.username"/);
    expect(check({ commbox: { pathSecret: SECRET } }).vendors).toEqual(new Map([['commbox', { pathSecret: SECRET }]]));
    expect(check({ commbox: { username: 'u', password: PASSWORD, pathSecret: SECRET } }).vendors).toEqual(
      new Map([['commbox', { credentials: `u:${PASSWORD}`, pathSecret: SECRET }]]),
    );
  });

  it('needs one vendor (named from the list); general settings keep their defaults and checks', () => {
    for (const options of [{}, [], { maxBodyBytes: 5 }, { cometchat: undefined, commbox: false }])
      expect(thrown(options)).toBe('TypeError: createInboxHandler: "webhooks" needs commbox, cometchat or both');
    expect(thrown(null)).toBe('TypeError: createInboxHandler: "webhooks" must be an object, got null');
    const basic = { cometchat: { username: 'u', password: PASSWORD } };
    expect(check(basic)).toMatchObject({
      maxBodyBytes: 1_048_576,
      reconcileMs: 300_000,
      dedupeTtlMs: 120_000,
      watchMs: 120_000,
    });
    expect(thrown({ ...basic, maxBodyBytes: 0 })).toMatch(/"webhooks\.maxBodyBytes"/);
    expect(thrown({ ...basic, reconcileMs: 10 })).toMatch(/"webhooks\.reconcileMs"/);
    expect(thrown({ ...basic, waitUntil: 3 })).toBe(
      'TypeError: createInboxHandler: "webhooks.waitUntil" must be a function',
    );
    // The general settings are checked before the vendors' secrets, as before.
    expect(thrown({ cometchat: { username: 'u', password: 'short-pass' }, watchMs: -1 })).toMatch(
      /"webhooks\.watchMs"/,
    );
  });

  it('never shows a secret in an error', () => {
    expect(thrown({ cometchat: { username: 'u', password: 'short-secret' } })).not.toContain('short-secret');
    expect(thrown({ commbox: { pathSecret: 'secret-but-too-short' } })).not.toContain('secret-but-too-short');
  });

  it('knows only the vendors of the list it is given, and only those with a webhook part', () => {
    const [commbox, cometchat] = PROVIDER_ADAPTERS;
    const { webhook: _none, ...silent } = cometchat;
    expect(() => check({ cometchat: { username: 'u', password: PASSWORD } }, [commbox, silent])).toThrow(
      /"webhooks" needs commbox$/,
    );
    expect(check({ commbox: { pathSecret: SECRET }, other: { password: 'x' } }).vendors.has('other')).toBe(false);
  });
});
