import { parseContent, parseVendorTime, toCount } from 'conversations-client';
import { describe, expect, it } from 'vitest';

describe('parseVendorTime', () => {
  it.each([
    ['2026-02-12T15:01:02', '2026-02-12T15:01:02.000Z'],
    ['2024-09-17T07:51:52.2581942Z', '2024-09-17T07:51:52.258Z'],
    ['2025-04-15T07:24:52.956691Z', '2025-04-15T07:24:52.957Z'],
    ['2024-08-06T09:51:52+02:00', '2024-08-06T07:51:52.000Z'],
    ['2023-09-05 08:44:20', '2023-09-05T08:44:20.000Z'],
    [1630481413, '2021-09-01T07:30:13.000Z'],
    ['1630481413', '2021-09-01T07:30:13.000Z'],
  ])('%j is %s', (input, iso) => {
    expect(parseVendorTime(input)?.toISOString()).toBe(iso);
  });

  it.each([
    null,
    undefined,
    '',
    'null',
    'garbage',
    '2023-09-0508:55:06.000000',
    '2024-02-30T00:00:00',
    '2024-13-01T00:00:00',
    NaN,
    -1,
    {},
  ])('%j is undefined', (input) => {
    expect(parseVendorTime(input)).toBeUndefined();
  });
});

describe('parseContent', () => {
  it('parses the JSON text of a content string', () => {
    expect(parseContent('{"guidRT":"d34f","languages":[{"Item1":"en","Item2":1471163}]}')).toEqual({
      guidRT: 'd34f',
      languages: [{ Item1: 'en', Item2: 1471163 }],
    });
  });

  it('gives undefined for the malformed content of the vendor example, and never throws', () => {
    expect(parseContent('{"originUrl":"https://apps.commbox.com/Demo","isConnected"true}')).toBeUndefined();
    for (const value of [null, undefined, '', '   ', 42, {}, '{']) expect(parseContent(value)).toBeUndefined();
  });
});

describe('toCount', () => {
  it.each([
    ['3', 3],
    [3, 3],
    ['0', 0],
    [' 12 ', 12],
    [null, 0],
    [undefined, 0],
    ['', 0],
    ['abc', 0],
    [-2, 0],
    [Number.NaN, 0],
    ['1e3', 0],
    // Issue 23: numbers are capped like strings, so two of them still sum to a number.
    [1e308, Number.MAX_SAFE_INTEGER],
    ['9'.repeat(400), Number.MAX_SAFE_INTEGER],
    [Number.MAX_SAFE_INTEGER + 2, Number.MAX_SAFE_INTEGER],
  ])('%j counts %i', (input, expected) => {
    expect(toCount(input)).toBe(expected);
  });
});
