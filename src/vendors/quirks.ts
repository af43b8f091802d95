/** Helpers for what the vendors put on the wire, each safe on any input (they never throw). */

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A vendor time as a Date: CommBox ISO times with or without a zone (zone-less
 * is UTC; up to seven fractional digits), CometChat Unix seconds (number or
 * digit string). `null`, `""`, `"null"` and anything unparseable give `undefined`.
 */
export function parseVendorTime(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : new Date(value.getTime());
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? validDate(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d{1,12}$/.test(text)) return validDate(Number(text) * 1000);
  const match = ISO_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '0', fraction = '', zone = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Math.round(Number(`0.${fraction || '0'}`) * 1000);
  let time = Date.UTC(y, mo - 1, d, h, mi, s) + ms;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    time -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
  }
  return validDate(time);
}

function validDate(ms: number): Date | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The parsed JSON of a CommBox `content` string, or `undefined` when it is
 * missing, empty or malformed (the vendor's own examples include malformed ones).
 */
export function parseContent(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A count from a string-or-number field such as CometChat's `unreadMessageCount`
 * (`"3"` on the wire) or CommBox's `unreadMessages`. Missing, negative or
 * unparseable values count as 0; larger ones (numbers or strings) are capped at
 * `Number.MAX_SAFE_INTEGER`, so sums stay finite.
 */
export function toCount(value: unknown): number {
  if (typeof value === 'number')
    return Number.isFinite(value) && value > 0 ? Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER) : 0;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Math.min(Number(value), Number.MAX_SAFE_INTEGER);
  return 0;
}

/** The first of `values` that is a usable vendor time ({@link parseVendorTime}). */
export const firstTime = (...values: unknown[]): Date | undefined =>
  values.map(parseVendorTime).find((date) => date !== undefined);
