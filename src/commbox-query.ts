import { nonNegativeInteger, oneOf, positiveId } from './internal/validate.js';
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

const STREAM_KEYS = new Set([
  'userIdentityId', 'identityStreamProviderId', 'identityStreamProviderType', 'streamProviderId',
  'streamProviderType', 'unixStartTime', 'unixEndTime', 'subStream', 'sort', 'order', 'includeChilds',
  'includeActivityLog', 'timeFilter', 'pageNumber', 'pageSize', 'status',
]);
const LIMITS =
  'unixStartTime + unixEndTime, userIdentityId, identityStreamProviderId + identityStreamProviderType, or streamProviderId + streamProviderType';

/**
 * The API query for a `StreamObjectsQuery`, checked.
 * @throws {TypeError|RangeError} naming the parameter, before any request
 */
export function toStreamObjectsQuery(query: StreamObjectsQuery, where: string): CommBoxStreamObjectsApiQuery {
  if (typeof query !== 'object' || query === null) throw new TypeError(`${where}: "query" is required (${LIMITS})`);
  const q = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as StreamObjectsQuery;
  for (const key of Object.keys(q)) {
    if (!STREAM_KEYS.has(key)) throw new TypeError(`${where}: unknown query parameter "${key}"`);
  }
  pair(q, 'unixStartTime', 'unixEndTime', where);
  pair(q, 'identityStreamProviderId', 'identityStreamProviderType', where);
  pair(q, 'streamProviderId', 'streamProviderType', where);
  const limited = ['unixStartTime', 'userIdentityId', 'identityStreamProviderId', 'streamProviderId'].some((key) => key in q);
  if (!limited) throw new TypeError(`${where}: the query needs one limit: ${LIMITS}`);

  const out: CommBoxStreamObjectsApiQuery = { ...(q as Omit<StreamObjectsQuery, 'status' | 'unixStartTime' | 'unixEndTime'>) };
  if (q.unixStartTime !== undefined && q.unixEndTime !== undefined) {
    out.unixStartTime = unixSeconds(q.unixStartTime, 'unixStartTime', where);
    out.unixEndTime = unixSeconds(q.unixEndTime, 'unixEndTime', where);
    if (out.unixStartTime > out.unixEndTime) throw new RangeError(`${where}: "unixStartTime" must not be after "unixEndTime"`);
  }
  if (q.userIdentityId !== undefined) out.userIdentityId = positiveId(q.userIdentityId, 'userIdentityId', where);
  for (const key of ['identityStreamProviderType', 'streamProviderType', 'subStream', 'pageNumber'] as const) {
    if (q[key] !== undefined) out[key] = nonNegativeInteger(q[key], key, where);
  }
  for (const key of ['identityStreamProviderId', 'streamProviderId', 'timeFilter'] as const) {
    if (q[key] !== undefined && (typeof q[key] !== 'string' || q[key] === '')) {
      throw new TypeError(`${where}: "${key}" must be a non-empty string`);
    }
  }
  if (q.pageSize !== undefined && nonNegativeInteger(q.pageSize, 'pageSize', where, 100) < 1) {
    throw new RangeError(`${where}: "pageSize" must be an integer from 1 to 100, got ${q.pageSize}`);
  }
  if (q.sort !== undefined) oneOf(q.sort, ['desc', 'asc'], 'sort', where);
  if (q.order !== undefined) oneOf(q.order, ['createdtime', 'closedtime', 'prioritytime', 'updatedtime'], 'order', where);
  booleans(q, ['includeChilds', 'includeActivityLog'], where);
  if (q.status !== undefined) out.status = statusList(q.status, where);
  return out;
}

/**
 * The API query of `getObject`, checked.
 * @throws {TypeError} naming the parameter
 */
export function toObjectQuery(query: CommBoxObjectQuery | undefined, where: string): CommBoxObjectQuery {
  if (query === undefined) return {};
  if (typeof query !== 'object' || query === null) throw new TypeError(`${where}: "query" must be an object`);
  for (const key of Object.keys(query)) {
    if (key !== 'includeChilds' && key !== 'includeActivityLog') throw new TypeError(`${where}: unknown query parameter "${key}"`);
  }
  booleans(query, ['includeChilds', 'includeActivityLog'], where);
  return query;
}

function pair(q: object, first: string, second: string, where: string): void {
  const has = (key: string): boolean => key in q;
  if (has(first) !== has(second)) {
    const [given, missing] = has(first) ? [first, second] : [second, first];
    throw new TypeError(`${where}: "${given}" must be sent with "${missing}"`);
  }
}

function unixSeconds(value: unknown, name: string, where: string): number {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new RangeError(`${where}: "${name}" is an invalid Date`);
    return nonNegativeInteger(Math.floor(value.getTime() / 1000), name, where);
  }
  return nonNegativeInteger(value, name, where);
}

function statusList(value: unknown, where: string): string {
  const codes = typeof value === 'string' ? value.split(',').map((code) => code.trim()) : value;
  if (!Array.isArray(codes) || codes.length === 0) {
    throw new TypeError(`${where}: "status" must be an array of ObjectStatusType codes or a comma-separated string`);
  }
  return codes.map((code: unknown) => positiveId(code, 'status', where)).join(',');
}

function booleans(q: Record<string, unknown>, keys: readonly string[], where: string): void {
  for (const key of keys) {
    if (q[key] !== undefined && typeof q[key] !== 'boolean') throw new TypeError(`${where}: "${key}" must be a boolean`);
  }
}
