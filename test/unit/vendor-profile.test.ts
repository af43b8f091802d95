import { describe, expect, it } from 'vitest';
import { errorFromResponse } from '../../src/core/response.js';
import type { VendorProfile } from '../../src/core/vendor-profile.js';
import { COMETCHAT_PROFILE } from '../../src/vendors/cometchat/profile.js';
import { COMMBOX_PROFILE } from '../../src/vendors/commbox/profile.js';

// core/ reads a vendor's error body and rate-limit header only through the profile the vendor's folder gives it.
const received = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  statusText: '',
  url: 'http://vendor.test/x',
  headers: new Headers(headers),
  bytes: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)) as Uint8Array<ArrayBuffer>,
});
const errorOf = (vendor: VendorProfile, status: number, body: unknown, headers?: Record<string, string>) =>
  errorFromResponse(received(status, body, headers), {
    provider: vendor.provider,
    vendor,
    operation: 'op',
    secrets: ['s3cret'],
  });

describe('vendor profiles', () => {
  it("CometChat: the body's error code and message", () => {
    const error = errorOf(COMETCHAT_PROFILE, 404, { error: { code: 'ERR_UID_NOT_FOUND', message: 'no such user' } });
    expect(error).toMatchObject({ name: 'NotFoundError', provider: 'cometchat', code: 'ERR_UID_NOT_FOUND' });
    expect(error.message).toBe('CometChat op failed with HTTP 404 ERR_UID_NOT_FOUND: no such user');
  });

  it("CommBox: the envelope's description, and no code", () => {
    const error = errorOf(COMMBOX_PROFILE, 400, { status: 400, description: 'bad stream' });
    expect(error).toMatchObject({ name: 'BadRequestError', provider: 'commbox', code: undefined });
    expect(error.message).toBe('CommBox op failed with HTTP 400: bad stream');
  });

  it('each vendor reads only its own shape: CommBox ignores a CometChat-style body, CometChat a description', () => {
    expect(errorOf(COMMBOX_PROFILE, 500, { error: { code: 'ERR_X', message: 'm' } })).toMatchObject({
      code: undefined,
      message: 'CommBox op failed with HTTP 500',
    });
    expect(errorOf(COMETCHAT_PROFILE, 500, { description: 'd' }).message).toBe('CometChat op failed with HTTP 500');
  });

  it('a text body is shown (secrets redacted) for every vendor', () => {
    expect(errorOf(COMMBOX_PROFILE, 502, '  upstream s3cret down ').message).toBe(
      'CommBox op failed with HTTP 502: upstream [redacted] down',
    );
  });

  it("only CometChat's profile reads X-Rate-Limit-Reset", () => {
    const reset = { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 30) };
    const cometchat = errorOf(COMETCHAT_PROFILE, 429, {}, reset) as { retryAfterMs?: number };
    expect(cometchat.retryAfterMs).toBeGreaterThan(28_000);
    expect((errorOf(COMMBOX_PROFILE, 429, {}, reset) as { retryAfterMs?: number }).retryAfterMs).toBeUndefined();
  });

  it('a reader that throws leaves the typed error intact', () => {
    const broken: VendorProfile = {
      provider: 'fake',
      displayName: 'Fake',
      readErrorBody: () => {
        throw new Error('bug');
      },
    };
    expect(errorOf(broken, 404, { any: 1 })).toMatchObject({
      name: 'NotFoundError',
      provider: 'fake',
      message: 'Fake op failed with HTTP 404',
    });
  });
});
