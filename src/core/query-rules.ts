import { fail, integer, oneOf, positiveId } from './validate.js';

/** How one query parameter is checked (and converted). A string array lists the allowed values. */
export type QueryRule =
  'id' | 'int' | 'page' | 'perPage' | 'pageSize' | 'text' | 'texts' | 'bool' | 'time' | 'codes' | readonly string[];

function checked(value: unknown, rule: QueryRule, name: string, where: string): unknown {
  if (typeof rule !== 'string') return oneOf(value, rule, name, where);
  switch (rule) {
    case 'id':
      return positiveId(value, name, where);
    case 'int':
      return integer(value, name, where);
    case 'page':
      return integer(value, name, where, 1);
    case 'pageSize':
      return integer(value, name, where, 1, 100);
    case 'perPage':
      return integer(value, name, where, 1, 1000);
    case 'time':
      // Unix seconds, or a Date.
      if (!(value instanceof Date)) return integer(value, name, where);
      if (Number.isNaN(value.getTime())) fail(RangeError, where, name, 'is an invalid Date');
      return integer(Math.floor(value.getTime() / 1000), name, where);
    case 'text':
      if (typeof value !== 'string' || value === '') fail(TypeError, where, name, 'must be a non-empty string', value);
      return value;
    case 'texts':
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
        fail(TypeError, where, name, 'must be an array of non-empty strings', value);
      }
      return value;
    case 'bool':
      if (typeof value !== 'boolean') fail(TypeError, where, name, 'must be a boolean', value);
      return value;
    case 'codes': {
      // Positive integer codes, as an array or a comma-separated string; sent comma-separated.
      const codes = typeof value === 'string' ? value.split(',').map((code) => code.trim()) : value;
      if (!Array.isArray(codes) || codes.length === 0)
        fail(TypeError, where, name, 'must be an array of codes or a comma-separated string');
      return codes.map((code: unknown) => positiveId(code, name, where)).join(',');
    }
  }
}

/**
 * `query` checked against `rules`: unknown parameters are refused, undefined ones dropped.
 * @throws {TypeError|RangeError} naming the parameter
 */
export function checkedQuery(
  query: unknown,
  rules: Record<string, QueryRule>,
  where: string,
  required?: string,
): Record<string, unknown> {
  if (query === undefined && !required) return {};
  if (typeof query !== 'object' || query === null)
    fail(TypeError, where, 'query', required ? `is required (${required})` : 'must be an object');
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(rules, name)) fail(TypeError, where, name, 'is not a query parameter of this operation');
    out[name] = checked(value, rules[name]!, name, where);
  }
  return out;
}

/** A rule for every parameter of `Query` and no other: the compiler keeps the table true to the generated type. */
export type QueryRules<Query> = { readonly [K in keyof Required<Query>]: QueryRule };
