import type { Client } from 'openapi-fetch';
import type { ClientOptions, RequestOptions } from '../../core/client-options.js';
import { toObjectQuery, toStreamObjectsQuery, type StreamObjectsQuery } from './query.js';
import type { paths } from '../../generated/commbox.js';
import { accountKey } from '../../core/account-key.js';
import { refuseBrowser } from '../../core/browser-guard.js';
import { createClientCore } from '../../core/client-core.js';
import { optionalObject, positiveId, requireSecretOrSetting, streamIdSegment } from '../../core/validate.js';
import { checkMaxItems, flattenPages, walkPages } from '../../core/paginate.js';
import type {
  CommBoxObjectQuery,
  CommBoxObjectResponse,
  CommBoxStreamItem,
  CommBoxStreamObjectsApiQuery,
  CommBoxStreamObjectsResponse,
  CommBoxUserObjectsResponse,
} from './types.js';

/** Options of `createCommBoxClient`. */
export interface CommBoxClientOptions extends ClientOptions {
  /** The CommBox API key, sent as `Authorization: Bearer <token>`. Required. */
  token: string;
  /** @default 'https://api.commbox.io' */
  baseUrl?: string;
}

/** A CommBox client: one method per operation, and `raw` for the rest. */
export interface CommBoxClient {
  /**
   * Conversations of one user identity with their unread counts (Get User Objects, v2).
   * @throws {ApiError} a typed subclass on any non-2xx answer; {@link ConnectionError} on network failure
   */
  getUserObjects(userIdentityId: number, options?: RequestOptions): Promise<CommBoxUserObjectsResponse>;
  /**
   * One page (at most 100) of a stream's conversations (Get Stream Objects). The query needs a limit.
   * @throws {TypeError|RangeError} before any request, for a query without a limit or a bad value
   */
  getStreamObjects(streamId: number | string, query: StreamObjectsQuery, options?: RequestOptions): Promise<CommBoxStreamObjectsResponse>;
  /**
   * Every object matching `query`, across pages: `pageNumber` from the query's (or 0),
   * `pageSize` the query's (or 100), stopping at the first short page or at
   * `options.maxItems`. The next page is fetched while the current one is consumed;
   * leaving the loop stops the fetching.
   * @throws {TypeError|RangeError} on the first iteration, before any request, for a bad query
   */
  streamObjects(streamId: number | string, query: StreamObjectsQuery, options?: PaginationOptions): AsyncGenerator<CommBoxStreamItem, void, undefined>;
  /** Like `streamObjects`, but yields each page's body, for callers who work in batches. */
  streamObjectPages(streamId: number | string, query: StreamObjectsQuery, options?: PaginationOptions): AsyncGenerator<CommBoxStreamObjectsResponse, void, undefined>;
  /** One conversation, with its children when `includeChilds` (Get Object). */
  getObject(streamId: number | string, objectId: number, query?: CommBoxObjectQuery, options?: RequestOptions): Promise<CommBoxObjectResponse>;
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

/**
 * Creates a CommBox client. Requests carry `Authorization: Bearer <token>`; failures
 * are retried (network errors, 408, 429, 5xx but 501) up to `maxRetries` times.
 * @throws {TypeError} when `token` is missing
 * @example
 * const commbox = createCommBoxClient({ token: process.env.COMMBOX_TOKEN! });
 * const { totalUnreadChatMessages, data } = await commbox.getUserObjects(558355);
 */
export function createCommBoxClient(options: CommBoxClientOptions): CommBoxClient {
  optionalObject(options, 'options', WHERE);
  if (options === undefined) throw new TypeError(`${WHERE}: options with a "token" are required`);
  refuseBrowser(WHERE, options.dangerouslyAllowBrowser);
  const token = requireSecretOrSetting(options.token, 'token', WHERE);
  const baseUrl = options.baseUrl ?? 'https://api.commbox.io';
  const core = createClientCore<paths>(options, {
    provider: 'commbox',
    where: WHERE,
    baseUrl,
    authHeaders: { Authorization: `Bearer ${token}` },
    secrets: [token],
  });
  const { raw, run } = core;

  const fetchStreamPage = (path: { STREAM_ID: string }, query: CommBoxStreamObjectsApiQuery, options?: RequestOptions) =>
    run<CommBoxStreamObjectsResponse>('getStreamObjects', options, (init) => raw.GET('/streams/{STREAM_ID}/objects', { ...init, params: { path, query } }));

  async function* streamObjectPages(streamId: number | string, query: StreamObjectsQuery, options: PaginationOptions = {}) {
    const where = 'streamObjects';
    optionalObject(options, 'options', where);
    const path = { STREAM_ID: streamIdSegment(streamId, where) };
    const apiQuery = toStreamObjectsQuery(query, where);
    const { maxItems, ...request } = options;
    const pageSize = apiQuery.pageSize ?? 100;
    yield* walkPages({
      firstPage: apiQuery.pageNumber ?? 0,
      fetchPage: (pageNumber, signal) => fetchStreamPage(path, { ...apiQuery, pageNumber, pageSize }, { ...request, signal }),
      itemsOf: (page: CommBoxStreamObjectsResponse) => page.data ?? [],
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
      return run<CommBoxUserObjectsResponse>('getUserObjects', options, (init) =>
        raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', { ...init, params: { path } }),
      );
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
      return run<CommBoxObjectResponse>('getObject', options, (init) =>
        raw.GET('/streams/{STREAM_ID}/objects/{OBJECT_ID}', { ...init, params: { path, query: apiQuery } }),
      );
    },
  };
}
