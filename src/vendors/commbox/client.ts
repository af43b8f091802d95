import type { Client } from 'openapi-fetch';
import { accountKey } from '../../core/account-key.js';
import { refuseBrowser } from '../../core/browser-guard.js';
import { checkBaseUrl } from '../../core/base-url.js';
import type { ClientOptions, RequestOptions } from '../../core/client-options.js';
import { createClientCore, type OperationRoutes } from '../../core/operation.js';
import { checkMaxItems, flattenPages, walkPages } from '../../core/paginate.js';
import { headerValue, optionalObject, positiveId } from '../../core/validate.js';
import { streamIdSegment } from './stream-id.js';
import { COMMBOX_PROFILE } from './profile.js';
import type { operations, paths } from '../../generated/commbox.js';
import { toObjectQuery, toStreamObjectsQuery, type StreamObjectsQuery } from './query.js';
import type {
  CommBoxObjectQuery,
  CommBoxObjectResponse,
  CommBoxStreamItem,
  CommBoxStreamObjectsApiQuery,
  CommBoxStreamObjectsResponse,
  CommBoxUserObjectsResult,
} from './types.js';

/** Options of `createCommBoxClient`. */
export interface CommBoxClientOptions extends ClientOptions {
  /** The CommBox API key, sent as `Authorization: Bearer <token>`. Required. */
  token: string;
  /** An absolute http(s) URL without credentials, query or fragment (plain http is refused for api.commbox.io). @default 'https://api.commbox.io' */
  baseUrl?: string;
}

/** A CommBox client: one method per operation, and `raw` for the rest. */
export interface CommBoxClient {
  /**
   * Conversations of one user identity with their unread counts (Get User Objects, v2).
   * `mayBeTruncated` is true when exactly 100 came back: the vendor may have cut the list there.
   * @throws {ApiError} a typed subclass on any non-2xx answer; {@link ConnectionError} on network failure
   */
  getUserObjects(userIdentityId: number, options?: RequestOptions): Promise<CommBoxUserObjectsResult>;
  /**
   * One page (at most 100) of a stream's conversations (Get Stream Objects). The query needs a limit.
   * @throws {TypeError|RangeError} before any request, for a query without a limit or a bad value
   */
  getStreamObjects(
    streamId: number | string,
    query: StreamObjectsQuery,
    options?: RequestOptions,
  ): Promise<CommBoxStreamObjectsResponse>;
  /**
   * Every object matching `query`, across pages: `pageNumber` from the query's (or 0),
   * `pageSize` the query's (or 100), stopping at the first short page or at
   * `options.maxItems`. The next page is fetched while the current one is consumed;
   * leaving the loop stops the fetching.
   * @throws {TypeError|RangeError} on the first iteration, before any request, for a bad query
   */
  streamObjects(
    streamId: number | string,
    query: StreamObjectsQuery,
    options?: PaginationOptions,
  ): AsyncGenerator<CommBoxStreamItem, void, undefined>;
  /** Like `streamObjects`, but yields each page's body, for callers who work in batches. */
  streamObjectPages(
    streamId: number | string,
    query: StreamObjectsQuery,
    options?: PaginationOptions,
  ): AsyncGenerator<CommBoxStreamObjectsResponse, void, undefined>;
  /** One conversation, with its children when `includeChilds` (Get Object). */
  getObject(
    streamId: number | string,
    objectId: number,
    query?: CommBoxObjectQuery,
    options?: RequestOptions,
  ): Promise<CommBoxObjectResponse>;
  /** The authenticated openapi-fetch client (with retries and timeouts), for anything the facade does not cover. */
  readonly raw: Client<paths>;
  /**
   * A stable, non-secret name for the vendor account these credentials reach (the same in every
   * process), for state that belongs to the account, such as a throttle window. Never holds the secret.
   */
  readonly accountKey: string;
}

/** Options of a paginated walk. */
export interface PaginationOptions extends RequestOptions {
  /** Stop after this many items. */
  maxItems?: number;
}

const WHERE = 'createCommBoxClient';

/** Where each CommBox operation lives (checked against the generated types). */
const ROUTES: OperationRoutes<paths, operations> = {
  getUserObjects: ['get', '/v2/users/identities/{USER_IDENTITY_ID}/objects'],
  getStreamObjects: ['get', '/streams/{STREAM_ID}/objects'],
  getObject: ['get', '/streams/{STREAM_ID}/objects/{OBJECT_ID}'],
};

/** The page size the vendor's published v1 Get User Objects applies by default: a list this long may be cut. */
const USER_OBJECTS_PAGE_SIZE = 100;

/** CommBox's production host: plain http to it is refused. */
const PRODUCTION_HOST = /^api\.commbox\.io$/i;

/** An item's identity in a page: conversations by `objectId`, status posts by `id`. */
const itemKey = (item: CommBoxStreamItem): unknown => {
  const keyed = item as { objectId?: unknown; id?: unknown };
  return keyed.objectId ?? keyed.id ?? item;
};

/**
 * Creates a CommBox client. Requests carry `Authorization: Bearer <token>`; failures
 * are retried (network errors, 408, 429, 5xx but 501) up to `maxRetries` times.
 * Redirects are followed only within the base URL's origin.
 * @throws {TypeError} when `token` is missing or not header-safe, or `baseUrl` is not an absolute http(s) URL without credentials, query or fragment
 * @throws {RangeError} for an out-of-range number option
 * @example
 * const commbox = createCommBoxClient({ token: process.env.COMMBOX_TOKEN! });
 * const { totalUnreadChatMessages, data } = await commbox.getUserObjects(558355);
 */
export function createCommBoxClient(options: CommBoxClientOptions): CommBoxClient {
  optionalObject(options, 'options', WHERE);
  if (options === undefined) throw new TypeError(`${WHERE}: options with a "token" are required`);
  refuseBrowser(WHERE, options.dangerouslyAllowBrowser);
  const token = headerValue(options.token, 'token', WHERE, true);
  const baseUrl = checkBaseUrl(options.baseUrl ?? 'https://api.commbox.io', WHERE, PRODUCTION_HOST);
  const { raw, call } = createClientCore<paths, operations>(options, {
    vendor: COMMBOX_PROFILE,
    where: WHERE,
    baseUrl,
    authHeaders: { Authorization: `Bearer ${token}` },
    secrets: [token],
    routes: ROUTES,
  });

  const fetchStreamPage = (
    path: { STREAM_ID: string },
    query: CommBoxStreamObjectsApiQuery,
    options?: RequestOptions,
  ) => call('getStreamObjects', { params: { path, query } }, options);

  async function* streamObjectPages(
    streamId: number | string,
    query: StreamObjectsQuery,
    options: PaginationOptions = {},
  ) {
    const where = 'streamObjects';
    optionalObject(options, 'options', where);
    const path = { STREAM_ID: streamIdSegment(streamId, where) };
    const apiQuery = toStreamObjectsQuery(query, where);
    const { maxItems, ...request } = options;
    const pageSize = apiQuery.pageSize ?? 100;
    yield* walkPages({
      provider: 'commbox',
      operation: 'getStreamObjects',
      firstPage: apiQuery.pageNumber ?? 0,
      fetchPage: (pageNumber, signal) =>
        fetchStreamPage(path, { ...apiQuery, pageNumber, pageSize }, { ...request, signal }),
      itemsOf: (page: CommBoxStreamObjectsResponse) => page.data ?? [],
      keyOf: itemKey,
      isLast: (_page, items) => items.length < pageSize,
      maxItems: checkMaxItems(maxItems, where),
      signal: request.signal,
    });
  }

  return {
    raw,
    accountKey: accountKey('commbox', baseUrl, token),
    async getUserObjects(userIdentityId, options) {
      const path = { USER_IDENTITY_ID: positiveId(userIdentityId, 'userIdentityId', 'getUserObjects') };
      const body = await call('getUserObjects', { params: { path } }, options);
      const count = Array.isArray(body?.data) ? body.data.length : 0;
      return Object.assign(body, { mayBeTruncated: count === USER_OBJECTS_PAGE_SIZE });
    },
    async getStreamObjects(streamId, query, options) {
      const path = { STREAM_ID: streamIdSegment(streamId, 'getStreamObjects') };
      return fetchStreamPage(path, toStreamObjectsQuery(query, 'getStreamObjects'), options);
    },
    streamObjectPages,
    streamObjects(streamId, query, options) {
      return flattenPages(streamObjectPages(streamId, query, options), (page) => page.data ?? [], options?.maxItems);
    },
    async getObject(streamId, objectId, query, options) {
      const path = {
        STREAM_ID: streamIdSegment(streamId, 'getObject'),
        OBJECT_ID: positiveId(objectId, 'objectId', 'getObject'),
      };
      const apiQuery = toObjectQuery(query, 'getObject');
      return call('getObject', { params: { path, query: apiQuery } }, options);
    },
  };
}
