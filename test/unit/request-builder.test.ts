import { createFinalURL, createQuerySerializer, type QuerySerializerOptions } from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { compileRoute } from '../../src/core/request-builder.js';

// The facade's compiled routes must build exactly the URL openapi-fetch builds for `raw`
// (same path placement, same query serialization), so both halves of a client agree.
const base = 'https://api.example.test/v1';
const verbatim = (pathname: string, params: Record<string, unknown>): string =>
  pathname.replace(/\{([^{}]+)\}/g, (match, name: string) => (params[name] === undefined ? match : String(params[name])));

const cases: { name: string; path: string; params: { path?: Record<string, unknown>; query?: Record<string, unknown> }; serializer?: QuerySerializerOptions }[] = [
  { name: 'no parameters', path: '/users', params: {} },
  { name: 'two path values', path: '/streams/{STREAM_ID}/objects/{OBJECT_ID}', params: { path: { STREAM_ID: 'hNy%3D%3D', OBJECT_ID: 7 } } },
  { name: 'a missing path value keeps its placeholder', path: '/users/{uid}/conversation', params: { path: {} } },
  { name: 'scalars, booleans, skipped undefined and null', path: '/s/{id}', params: { path: { id: 1 }, query: { a: 1, b: false, c: undefined, d: null, e: 'x y&z' } } },
  { name: 'arrays, exploded by default', path: '/s', params: { query: { status: [1, 8], empty: [] } } },
  { name: 'arrays, comma-joined (CometChat)', path: '/s', params: { query: { tags: ['a', 'b,c'], limit: 10 } }, serializer: { array: { style: 'form', explode: false } } },
  { name: 'an empty query object', path: '/s', params: { query: {} } },
];

describe('compileRoute builds what openapi-fetch builds', () => {
  it.each(cases)('$name', ({ path, params, serializer }) => {
    const expected = createFinalURL(path, { baseUrl: base, params, querySerializer: createQuerySerializer(serializer), pathSerializer: verbatim });
    const request = compileRoute('get', base, path, {}, serializer)(params, undefined, undefined);
    expect(request.url).toBe(expected);
    expect(request.method).toBe('GET');
    expect(request.body).toBeNull();
  });
});

describe('compileRoute headers and body', () => {
  const clientHeaders = { Authorization: 'Bearer t', 'X-Trace': 'client' };

  it('reuses the client headers when the call adds none, lower-cased', () => {
    const build = compileRoute('get', base, '/s', clientHeaders, undefined);
    const first = build({}, undefined, undefined);
    expect(first.headers).toEqual({ authorization: 'Bearer t', 'x-trace': 'client' });
    expect(build({}, undefined, undefined).headers).toBe(first.headers);
  });

  it('call headers and header parameters override client headers; null and undefined are dropped', () => {
    const request = compileRoute('get', base, '/s', clientHeaders, undefined)({ header: { onBehalfOf: 'u1', gone: undefined } }, undefined, { 'x-trace': 'call' });
    expect(request.headers).toEqual({ authorization: 'Bearer t', 'x-trace': 'call', onbehalfof: 'u1' });
  });

  it('a JSON body is serialized once, with its content type', () => {
    const request = compileRoute('post', base, '/s', clientHeaders, undefined)({}, { read: true }, undefined);
    expect(request.method).toBe('POST');
    expect(request.body).toBe('{"read":true}');
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer t' });
  });
});
