import { checkedQuery, type QueryRules } from '../../core/query-rules.js';
import { fail } from '../../core/validate.js';
import type { CommBoxObjectQuery, CommBoxStreamObjectsApiQuery } from './types.js';

type Api = CommBoxStreamObjectsApiQuery;
type Field<K extends keyof Api> = NonNullable<Api[K]>;

/** A time range: both ends, as Unix seconds or Dates. */
export interface StreamObjectsTimeLimit {
  unixStartTime: number | Date;
  unixEndTime: number | Date;
}
/** One user, by identity id. */
export interface StreamObjectsUserLimit {
  userIdentityId: Field<'userIdentityId'>;
}
/** One user, by the identity's stream provider id and type. */
export interface StreamObjectsIdentityLimit {
  identityStreamProviderId: Field<'identityStreamProviderId'>;
  identityStreamProviderType: Field<'identityStreamProviderType'>;
}
/** A customer's conversations on a stream provider (e.g. a WhatsApp number). */
export interface StreamObjectsProviderLimit {
  streamProviderId: Field<'streamProviderId'>;
  streamProviderType: Field<'streamProviderType'>;
}

/** The limits Get Stream Objects requires: at least one of them, complete. */
export type StreamObjectsLimit =
  StreamObjectsTimeLimit | StreamObjectsUserLimit | StreamObjectsIdentityLimit | StreamObjectsProviderLimit;

type LimitKey =
  | keyof StreamObjectsTimeLimit
  | keyof StreamObjectsUserLimit
  | keyof StreamObjectsIdentityLimit
  | keyof StreamObjectsProviderLimit;

/**
 * The query of `getStreamObjects`, with conveniences: `status` as an array of
 * ObjectStatusType codes or the comma string, the time range as Unix seconds or
 * Dates. One limit is required, by the compiler and again at run time:
 * `unixStartTime` + `unixEndTime`, `userIdentityId`,
 * `identityStreamProviderId` + `identityStreamProviderType`, or
 * `streamProviderId` + `streamProviderType` (`{ pageSize: 100 }` alone does not compile).
 */
export type StreamObjectsQuery = Omit<Api, 'status' | LimitKey> & {
  status?: string | readonly number[];
} & Partial<StreamObjectsTimeLimit & StreamObjectsUserLimit & StreamObjectsIdentityLimit & StreamObjectsProviderLimit> &
  StreamObjectsLimit;

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
const OBJECT_RULES = {
  includeChilds: 'bool',
  includeActivityLog: 'bool',
} as const satisfies QueryRules<CommBoxObjectQuery>;

/** The limits the API requires, one of which must be complete; pairs go together. */
const LIMITS = [
  ['unixStartTime', 'unixEndTime'],
  ['userIdentityId'],
  ['identityStreamProviderId', 'identityStreamProviderType'],
  ['streamProviderId', 'streamProviderType'],
];
const LIMITS_TEXT = LIMITS.map((limit) => limit.join(' + ')).join(', ');

/**
 * The API query for a `StreamObjectsQuery`, checked.
 * @throws {TypeError|RangeError} naming the parameter, before any request
 */
export function toStreamObjectsQuery(query: StreamObjectsQuery, where: string): CommBoxStreamObjectsApiQuery {
  const out = checkedQuery(query, STREAM_RULES, where, LIMITS_TEXT);
  for (const [first, second] of LIMITS) {
    if (second && first! in out !== second in out) {
      const [given, missing] = first! in out ? [first!, second] : [second, first!];
      fail(TypeError, where, given, `must be sent with "${missing}"`);
    }
  }
  if (!LIMITS.some(([first]) => first! in out)) fail(TypeError, where, 'query', `needs one limit: ${LIMITS_TEXT}`);
  if ((out.unixStartTime as number) > (out.unixEndTime as number))
    fail(RangeError, where, 'unixStartTime', 'must not be after "unixEndTime"');
  return out as CommBoxStreamObjectsApiQuery;
}

/**
 * The API query of `getObject`, checked.
 * @throws {TypeError} naming the parameter
 */
export function toObjectQuery(query: CommBoxObjectQuery | undefined, where: string): CommBoxObjectQuery {
  return checkedQuery(query, OBJECT_RULES, where) as CommBoxObjectQuery;
}
