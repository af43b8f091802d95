/**
 * Values the Redis store writes carry a format version: `v1:` then the handler's string.
 * A reader that finds another version (a newer or older deploy wrote it) or no version at
 * all treats the entry as absent, so a rolling deploy with a changed format never feeds a
 * reader something it cannot parse.
 */
export const VALUE_FORMAT_VERSION = 1;

const PREFIX = `v${VALUE_FORMAT_VERSION}:`;

/** The stored form of `value`. */
export function wrapValue(value: string): string {
  return PREFIX + value;
}

/** The handler's string, or `undefined` for a missing value or one of another format version. */
export function unwrapValue(stored: unknown): string | undefined {
  if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return undefined;
  return stored.slice(PREFIX.length);
}
