import { fail, integer, oneOf, positiveId } from './internal/validate.js';
import type { CommBoxObjectQuery, CommBoxStreamObjectsApiQuery } from './types.js';

/**
 * The query of `getStreamObjects`, with conveniences: `status` as an array of
 * ObjectStatusType codes or the comma string, the time range as Unix seconds or
 * Dates. One limit is required: `unixStartTime` + `unixEndTime`, `userIdentityId`,
 * `identityStreamProviderId` + `identityStreamProviderType`, or
 * `streamProviderId` + `streamProviderType`.
 */
export type StreamObjectsQuery = Omit<CommBoxStreamObjectsApiQuery, 'status' | 'unixStartTime' | 'unixEndTime'> & {
  status?: string | readonly number[];
  unixStartTime?: number | Date;
  unixEndTime?: number | Date;
};

type Rule = 'id' | 'int' | 'text' | 'bool' | 'time' | 'size' | 'status' | readonly string[];

/** Every parameter of Get Stream Objects and how it is checked. */
const STREAM_RULES: Record<string, Rule> = {
  userIdentityId: 'id',
  identityStreamProviderId: 'text',
  identityStreamProviderType: 'int',
  streamProviderId: 'text',
  streamProviderType: 'int',
  unixStartTime: 'time',
  unixEndTime: 'time',
  subStream: 'int',
  sort: ['desc', 'asc'],
  order: ['createdtime', 'closedtime', 'prioritytime', 'updatedtime'],
  includeChilds: 'bool',
  includeActivityLog: 'bool',
  timeFilter: 'text',
  pageNumber: 'int',
  pageSize: 'size',
  status: 'status',
};
const OBJECT_RULES: Record<string, Rule> = { includeChilds: 'bool', includeActivityLog: 'bool' };

/** The limits the API requires, one of which must be complete; pairs go together. */
const LIMITS = [['unixStartTime', 'unixEndTime'], ['userIdentityId'], ['identityStreamProviderId', 'identityStreamProviderType'], ['streamProviderId', 'streamProviderType']];
const LIMITS_TEXT = LIMITS.map((limit) => limit.join(' + ')).join(', ');

function checked(value: unknown, rule: Rule, name: string, where: string): unknown {
  if (typeof rule !== 'string') return oneOf(value, rule, name, where);
  switch (rule) {
    case 'id':
      return positiveId(value, name, where);
    case 'int':
      return integer(value, name, where);
    case 'size':
      return integer(value, name, where, 1, 100);
    case 'time':
      if (!(value instanceof Date)) return integer(value, name, where);
      if (Number.isNaN(value.getTime())) fail(RangeError, where, name, 'is an invalid Date');
      return integer(Math.floor(value.getTime() / 1000), name, where);
    case 'text':
      if (typeof value !== 'string' || value === '') fail(TypeError, where, name, 'must be a non-empty string', value);
      return value;
    case 'bool':
      if (typeof value !== 'boolean') fail(TypeError, where, name, 'must be a boolean', value);
      return value;
    case 'status': {
      const codes = typeof value === 'string' ? value.split(',').map((code) => code.trim()) : value;
      if (!Array.isArray(codes) || codes.length === 0) fail(TypeError, where, name, 'must be an array of ObjectStatusType codes or a comma-separated string');
      return codes.map((code: unknown) => positiveId(code, name, where)).join(',');
    }
  }
}

function checkedQuery(query: object, rules: Record<string, Rule>, where: string): Record<string, unknown> {
  if (typeof query !== 'object' || query === null) fail(TypeError, where, 'query', `is required (${LIMITS_TEXT})`);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (!rules[name]) fail(TypeError, where, name, 'is not a query parameter of this operation');
    out[name] = checked(value, rules[name], name, where);
  }
  return out;
}

/**
 * The API query for a `StreamObjectsQuery`, checked.
 * @throws {TypeError|RangeError} naming the parameter, before any request
 */
export function toStreamObjectsQuery(query: StreamObjectsQuery, where: string): CommBoxStreamObjectsApiQuery {
  const out = checkedQuery(query, STREAM_RULES, where);
  for (const [first, second] of LIMITS) {
    if (second && (first! in out) !== second in out) {
      const [given, missing] = first! in out ? [first!, second] : [second, first!];
      fail(TypeError, where, given, `must be sent with "${missing}"`);
    }
  }
  if (!LIMITS.some(([first]) => first! in out)) fail(TypeError, where, 'query', `needs one limit: ${LIMITS_TEXT}`);
  if ((out.unixStartTime as number) > (out.unixEndTime as number)) fail(RangeError, where, 'unixStartTime', 'must not be after "unixEndTime"');
  return out as CommBoxStreamObjectsApiQuery;
}

/**
 * The API query of `getObject`, checked.
 * @throws {TypeError} naming the parameter
 */
export function toObjectQuery(query: CommBoxObjectQuery = {}, where: string): CommBoxObjectQuery {
  return checkedQuery(query, OBJECT_RULES, where) as CommBoxObjectQuery;
}
