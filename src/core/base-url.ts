import { fail } from './validate.js';

/**
 * A client's `baseUrl`, checked before any request: an absolute http(s) URL with no
 * credentials, no query and no fragment (each would silently change every request), and
 * never plain `http:` to one of the vendor's production hosts. The trailing slash is dropped.
 * @throws {TypeError} naming `baseUrl` (credentials are never shown)
 * @throws {RangeError} for plain http to a production host
 */
export function checkBaseUrl(value: unknown, where: string, productionHost: RegExp): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(TypeError, where, 'baseUrl', 'must be an absolute http(s) URL');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(
      TypeError,
      where,
      'baseUrl',
      'must be an absolute http(s) URL',
      value.includes('@') ? '(a URL with credentials)' : value,
    );
  }
  if (url.username || url.password || /^[a-z]+:\/\/[^/?#]*@/i.test(value)) {
    fail(
      TypeError,
      where,
      'baseUrl',
      'must not hold credentials (user:password@): pass the token or API key as its option',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    fail(TypeError, where, 'baseUrl', 'must be an absolute http(s) URL', value);
  if (value.includes('?') || value.includes('#'))
    fail(TypeError, where, 'baseUrl', 'must not hold a query or a fragment', value);
  if (url.protocol === 'http:' && productionHost.test(url.hostname)) {
    fail(
      RangeError,
      where,
      'baseUrl',
      "must use https for the vendor's production host (plain http would send the credentials in cleartext)",
      value,
    );
  }
  return url.href.replace(/\/+$/, '');
}
