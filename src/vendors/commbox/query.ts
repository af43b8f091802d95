import { checkedQuery, type QueryRules } from '../../core/query-rules.js';
import { fail } from '../../core/validate.js';
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

/** Every parameter of Get Stream Objects and how it is checked: the compiler holds this to the generated query type. */
const STREAM_RULES = {
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
  pageSize: 'pageSize',
  status: 'codes',
} as const satisfies QueryRules<CommBoxStreamObjectsApiQuery>;
const OBJECT_RULES = { includeChilds: 'bool', includeActivityLog: 'bool' } as const satisfies QueryRules<CommBoxObjectQuery>;

/** The limits the API requires, one of which must be complete; pairs go together. */
const LIMITS = [['unixStartTime', 'unixEndTime'], ['userIdentityId'], ['identityStreamProviderId', 'identityStreamProviderType'], ['streamProviderId', 'streamProviderType']];
const LIMITS_TEXT = LIMITS.map((limit) => limit.join(' + ')).join(', ');

/**
 * The API query for a `StreamObjectsQuery`, checked.
 * @throws {TypeError|RangeError} naming the parameter, before any request
 */
export function toStreamObjectsQuery(query: StreamObjectsQuery, where: string): CommBoxStreamObjectsApiQuery {
  const out = checkedQuery(query, STREAM_RULES, where, LIMITS_TEXT);
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
export function toObjectQuery(query: CommBoxObjectQuery | undefined, where: string): CommBoxObjectQuery {
  return checkedQuery(query, OBJECT_RULES, where) as CommBoxObjectQuery;
}
