/** Input checks that run before any request is sent; each error names the parameter. */

type ErrorKind = typeof TypeError | typeof RangeError;

/** The longest delay a timer can hold (Node and browsers fire larger ones at once). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return typeof value === 'object' && value !== null ? typeof value : String(value);
}

/** Throws `kind` with `where: "name" rule[, got value]`. */
export function fail(kind: ErrorKind, where: string, name: string, rule: string, ...got: [unknown?]): never {
  throw new kind(`${where}: "${name}" ${rule}${got.length ? `, got ${show(got[0])}` : ''}`);
}

/** A required setting (token, API key, app id): a non-empty string. Its value is never shown. */
export function requireSecretOrSetting(value: unknown, name: string, where: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    fail(TypeError, where, name, 'is required and must be a non-empty string');
  return value;
}

/**
 * A value that goes into an HTTP header: visible ASCII and inner spaces only. CR, LF and
 * NUL would split or cut the header; other characters would go out as Latin-1 bytes the
 * vendors document no decoding for. The value is shown only when it is not secret.
 * @throws {TypeError} naming the parameter
 */
export function headerValue(value: unknown, name: string, where: string, secret: boolean): string {
  const text = requireSecretOrSetting(value, name, where);
  if (!/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(text)) {
    const rule =
      'must be printable ASCII without line breaks, control characters or surrounding spaces (it is sent as an HTTP header)';
    if (secret) fail(TypeError, where, name, rule);
    fail(TypeError, where, name, rule, value);
  }
  return text;
}

/** Extra headers (`headers` options): valid names and header-safe values. */
export function extraHeaders(value: unknown, name: string, where: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  optionalObject(value, name, where);
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as object)) {
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key))
      fail(TypeError, where, `${name}`, 'holds a header name that is not a valid token', key);
    out[key] = headerValue(item, `${name}.${key}`, where, true);
  }
  return out;
}

/** A positive safe integer id, given as a number or a string of digits. */
export function positiveId(value: unknown, name: string, where: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number') fail(TypeError, where, name, 'must be a positive integer', value);
  if (!Number.isSafeInteger(number) || number < 1)
    fail(RangeError, where, name, 'must be a positive safe integer', value);
  return number;
}

/** An integer from `min` to `max`. */
export function integer(value: unknown, name: string, where: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') fail(TypeError, where, name, 'must be a number', value);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    fail(RangeError, where, name, `must be an integer from ${min} to ${max}`, value);
  return value;
}

/** A time-like option in ms that a timer will hold: an integer from `min` (default 1) to 2³¹−1. */
export function durationMs(value: unknown, name: string, where: string, min = 1): number {
  return integer(value, name, where, min, MAX_TIMER_MS);
}

/** One of the allowed string values. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string, where: string): T {
  if (!(allowed as readonly unknown[]).includes(value))
    fail(RangeError, where, name, `must be one of ${allowed.join(', ')}`, value);
  return value as T;
}

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * A path parameter as exactly one encoded segment. Characters matching `unsafe`
 * are encoded (all but the unreserved ones by default). `.` and `..` are
 * refused: no encoding stops a URL parser from resolving them.
 */
export function pathSegment(value: unknown, name: string, where: string, unsafe = /[^A-Za-z0-9\-_.!~*'()]/gu): string {
  if (typeof value !== 'string') fail(TypeError, where, name, 'must be a string', value);
  if (value.trim() === '') fail(TypeError, where, name, 'must not be empty');
  let segment = '';
  try {
    segment = value.replace(unsafe, encodeURIComponent);
  } catch {
    fail(TypeError, where, name, 'is not well-formed Unicode text');
  }
  if (DOT_SEGMENT.test(segment)) fail(RangeError, where, name, 'must not be a dot segment', value);
  return segment;
}

/** A plain options object, or undefined. */
export function optionalObject(value: unknown, name: string, where: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null))
    fail(TypeError, where, name, 'must be an object', value);
}
