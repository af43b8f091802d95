import { describe, expect, it } from 'vitest';
import { redactCause, redactHeaders, redactText } from '../../src/core/redact.js';

// Secrets are replaced as whole values in every form a server may echo them in, and nothing else is touched.
const LONG = 'k9Qz7Lr2Vb8Xw4Np6Tc1Hs5Jd3Fg0Ma2Ye7Ui9Ok'; // 40 characters

describe('redactText', () => {
  it('keeps words that merely contain a 3-character secret (CometChat 429 with the README mock key "any")', () => {
    expect(redactText('Too many requests', ['any'])).toBe('Too many requests');
    expect(redactText('{"message":"Too many requests","apikey":"any"}', ['any'])).toBe(
      '{"message":"Too many requests","apikey":"[redacted]"}',
    );
    expect(redactText('company anyway canyon', ['any'])).toBe('company anyway canyon');
  });

  it('keeps words that contain a 1-character secret and still redacts the value itself', () => {
    expect(redactText('fetch failed', ['t'])).toBe('fetch failed');
    expect(redactText('Bearer t', ['t'])).toBe('Bearer [redacted]');
    expect(redactText('token=t&next=1', ['t'])).toBe('token=[redacted]&next=1');
    expect(redactText('"t"', ['t'])).toBe('"[redacted]"');
  });

  it('redacts a 40-character secret anywhere, even glued to other text', () => {
    expect(redactText(`Bearer ${LONG}`, [LONG])).toBe('Bearer [redacted]');
    expect(redactText(`x${LONG}y and ${LONG}`, [LONG])).toBe('x[redacted]y and [redacted]');
    expect(redactText('a text without it', [LONG])).toBe('a text without it');
  });

  it('redacts the URL-encoded and JSON-escaped forms as whole values', () => {
    const secret = 'a b/"c"';
    expect(redactText(`?key=${encodeURIComponent(secret)}&x=1`, [secret])).toBe('?key=[redacted]&x=1');
    expect(redactText(JSON.stringify({ key: secret, note: 'keep me' }), [secret])).toBe(
      '{"key":"[redacted]","note":"keep me"}',
    );
    expect(redactText('path%2Fany%2F', ['any'])).toBe('path%2F[redacted]%2F');
    expect(redactText('line\\nany', ['any'])).toBe('line\\n[redacted]');
  });

  it('redacts Basic credentials whose user or password is a secret, keeping other Basic values', () => {
    const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;
    expect(redactText(`authorization: ${basic('user:any')}`, ['any'])).toBe('authorization: Basic [redacted]');
    expect(redactText(`authorization: ${basic(`${LONG}:`)}`, [LONG])).toBe('authorization: Basic [redacted]');
    expect(redactText(basic('many:company'), ['any'])).toBe(basic('many:company'));
    expect(redactText(`echo ${Buffer.from(LONG).toString('base64')}`, [LONG])).toBe('echo [redacted]');
  });

  it('never shows a secret of any length in any of its forms', () => {
    for (const secret of ['t', 'any', LONG, 'p@ss w/rd', 'ümlaut']) {
      const forms = [
        secret,
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
        Buffer.from(secret).toString('base64'),
      ];
      const text = forms.map((form) => `key: ${form};`).join(' ');
      const out = redactText(text, [secret]);
      expect(out.match(/\[redacted\]/g)?.length).toBe(forms.length);
      for (const form of forms) expect(out.split(/[\s;:]+/)).not.toContain(form);
    }
  });

  it('is linear: a long text of near-misses is handled at once', () => {
    const text = 'many '.repeat(200_000);
    expect(redactText(text, ['any', 't'])).toBe(text);
  });
});

describe('redactHeaders and redactCause', () => {
  it('returns the same Headers when nothing leaks and a redacted copy otherwise', () => {
    const clean = new Headers({ 'x-note': 'Too many requests' });
    expect(redactHeaders(clean, ['any'])).toBe(clean);
    const leaking = new Headers({ 'x-echo': 'apikey any', 'x-note': 'Too many requests' });
    const copy = redactHeaders(leaking, ['any']);
    expect(copy.get('x-echo')).toBe('apikey [redacted]');
    expect(copy.get('x-note')).toBe('Too many requests');
  });

  it('copies a cause with its message intact unless it holds the secret', () => {
    const cause = new TypeError('fetch failed', { cause: new Error('connect refused for token t') });
    const copy = redactCause(cause, ['t']) as Error & { cause: Error };
    expect(copy.message).toBe('fetch failed');
    expect(copy.cause.message).toBe('connect refused for token [redacted]');
  });
});
