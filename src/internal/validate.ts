/** Input checks that run before any request is sent; each error names the parameter. */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return typeof value;
}

/** A required setting (token, API key, app id): a non-empty string. Its value is never shown. */
export function requireSecretOrSetting(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${where}: "${name}" is required and must be a non-empty string`);
  }
  return value;
}

/** A positive safe integer id, given as a number or a string of digits. */
export function positiveId(value: unknown, name: string, where: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number') {
    throw new TypeError(`${where}: "${name}" must be a positive integer, got ${show(value)}`);
  }
  if (!Number.isSafeInteger(number) || number < 1) {
    throw new RangeError(`${where}: "${name}" must be a positive safe integer, got ${show(value)}`);
  }
  return number;
}

/** A non-negative safe integer (page numbers, Unix times). */
export function nonNegativeInteger(value: unknown, name: string, where: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') throw new TypeError(`${where}: "${name}" must be a number, got ${show(value)}`);
  if (!Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${where}: "${name}" must be an integer from 0 to ${max}, got ${show(value)}`);
  }
  return value;
}

/** One of the allowed string values. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, where: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${where}: "${name}" must be one of ${allowed.join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * A raw string (a CometChat uid) as exactly one encoded path segment.
 * `.` and `..` are refused: no encoding stops a URL parser from resolving them.
 */
export function uidSegment(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string') throw new TypeError(`${where}: "${name}" must be a string, got ${show(value)}`);
  if (value.trim() === '') throw new TypeError(`${where}: "${name}" must not be empty`);
  if (DOT_SEGMENT.test(value)) throw new RangeError(`${where}: "${name}" must not be ${show(value)}`);
  return encodeSegment(value, name, where);
}

function encodeSegment(value: string, name: string, where: string, unsafe?: RegExp): string {
  try {
    return unsafe ? value.replace(unsafe, (char) => encodeURIComponent(char)) : encodeURIComponent(value);
  } catch {
    throw new TypeError(`${where}: "${name}" is not well-formed Unicode text`);
  }
}

/**
 * A CommBox STREAM_ID as one path segment: a positive integer, or the encrypted
 * form. An encrypted id that is already URL-encoded (`…%3d%3d`) keeps its
 * escapes; anything else outside the unreserved characters is encoded.
 */
export function streamIdSegment(value: unknown, where: string): string {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    return String(positiveId(value, 'streamId', where));
  }
  if (typeof value !== 'string') throw new TypeError(`${where}: "streamId" must be a number or a string, got ${show(value)}`);
  if (value.trim() === '') throw new TypeError(`${where}: "streamId" must not be empty`);
  const segment = encodeSegment(value, 'streamId', where, /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~%]/gu);
  if (DOT_SEGMENT.test(segment)) throw new RangeError(`${where}: "streamId" must not be ${show(value)}`);
  return segment;
}

/** A plain options object, or undefined. */
export function optionalObject(value: unknown, name: string, where: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(`${where}: "${name}" must be an object, got ${show(value)}`);
  }
}
