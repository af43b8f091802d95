import { pathSegment, positiveId } from '../../core/validate.js';

/**
 * A CommBox STREAM_ID as one path segment: a positive integer, or the encrypted
 * form. An encrypted id that is already URL-encoded (`…%3d%3d`) keeps its
 * escapes; anything else outside the unreserved characters is encoded.
 * @throws {TypeError|RangeError} naming `streamId`
 */
export function streamIdSegment(value: unknown, where: string): string {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))
    return String(positiveId(value, 'streamId', where));
  return pathSegment(value, 'streamId', where, /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~%]/gu);
}
