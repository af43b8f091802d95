import { describe, expect, it } from 'vitest';
import { dropTrailingCommas, parseDocumentText } from '../../scripts/lib/read-document.js';

describe('reading a published OpenAPI document', () => {
  const json = '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}';

  it('reads JSON with a byte order mark', () => {
    expect(parseDocumentText(`\uFEFF${json}`)).toMatchObject({ openapi: '3.0.3', paths: {} });
  });

  it('reads JSON with trailing commas, and keeps commas inside strings', () => {
    const text =
      '{"openapi": "3.0.3", "info": {"title": "a, }", "description": "say \\",]\\"", "version": "1",\n}, "paths": {"/x": {"get": {"tags": ["a",],},},},}';
    const doc = parseDocumentText(text);
    expect(doc.info).toEqual({ title: 'a, }', description: 'say ",]"', version: '1' });
    expect((doc.paths as any)['/x'].get.tags).toEqual(['a']);
    expect(dropTrailingCommas('[1, 2 ,\n\t]')).toBe('[1, 2 \n\t]');
  });

  it('reads YAML', () => {
    expect(parseDocumentText('\uFEFFopenapi: 3.1.0\npaths: {}\n')).toMatchObject({ openapi: '3.1.0' });
  });

  it('says why a text is not an OpenAPI 3 document', () => {
    expect(() => parseDocumentText('{"openapi": "3.0.3", "paths": {} "x": 1}')).toThrow(/^not valid JSON: /);
    expect(() => parseDocumentText('swagger: "2.0"\npaths: {}\n')).toThrow('not an OpenAPI 3 document (openapi: null)');
    expect(() => parseDocumentText('{"openapi": "3.0.3"}')).toThrow('it has no "paths"');
    expect(() => parseDocumentText('a: [\n')).toThrow(/^not valid YAML: /);
    expect(parseDocumentText('{"paths": {}}', false)).toEqual({ paths: {} });
  });
});
