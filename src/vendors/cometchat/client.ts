import type { Client } from 'openapi-fetch';
import { accountKey } from '../../core/account-key.js';
import { refuseBrowser } from '../../core/browser-guard.js';
import { checkBaseUrl } from '../../core/base-url.js';
import type { ClientOptions, RequestOptions } from '../../core/client-options.js';
import { InvalidResponseError } from '../../core/errors.js';
import { createClientCore, type OperationRoutes } from '../../core/operation.js';
import { checkMaxItems, flattenPages, walkPages } from '../../core/paginate.js';
import { checkedQuery, type QueryRules } from '../../core/query-rules.js';
import {
  fail,
  headerValue,
  oneOf,
  optionalObject,
  pathSegment,
  positiveId,
  requireSecretOrSetting,
} from '../../core/validate.js';
import { COMETCHAT_PROFILE } from './profile.js';
import type { operations, paths } from '../../generated/cometchat.js';
import type {
  CometChatConversation,
  CometChatConversationList,
  CometChatConversationResponse,
  CometChatGroupConversationResponse,
  CometChatListConversationsQuery,
  CometChatMarkReadResponse,
} from './types.js';

/** The regions CometChat hosts apps in. */
export const COMETCHAT_REGIONS = ['us', 'eu', 'in'] as const;
/** A CometChat region: `us`, `eu` or `in`. */
export type CometChatRegion = (typeof COMETCHAT_REGIONS)[number];

/** Options of `createCometChatClient`. */
export interface CometChatClientOptions extends ClientOptions {
  /** The app id from the CometChat dashboard. Required. */
  appId: string;
  /** The app's region. Required. */
  region: CometChatRegion;
  /** A REST API key with fullAccess scope, sent as the `apikey` header. Required. */
  apiKey: string;
  /** The uid calls are made on behalf of (the `onBehalfOf` header); a call's own `onBehalfOf` wins. */
  onBehalfOf?: string;
  /** An absolute http(s) URL without credentials, query or fragment (plain http is refused for *.cometchat.io). @default `https://${appId}.api-${region}.cometchat.io/v3` */
  baseUrl?: string;
}

/** Options of one CometChat call. */
export interface CometChatRequestOptions extends RequestOptions {
  /** The uid this call is made on behalf of. @default the client's `onBehalfOf` */
  onBehalfOf?: string;
}

/** Options of a paginated walk over conversations. */
export interface CometChatPaginationOptions extends CometChatRequestOptions {
  /** Stop after this many conversations. */
  maxItems?: number;
}

/** Which conversation to mark read: the other user's `uid`, a group's `guid`, or a conversation object; up to `messageId` (a positive integer, or its digits; sent as the integer the vendor documents). */
export type ReadTarget =
  | { uid: string; messageId?: number | string }
  | { guid: string; messageId?: number | string }
  | (Pick<CometChatConversation, 'conversationType' | 'conversationWith'> & { messageId?: number | string });

/** A CometChat client: one method per operation, and `raw` for the rest. */
export interface CometChatClient {
  /**
   * The one-to-one conversation between `onBehalfOf` and `uid`, with its unread count (Get User Conversation).
   * @throws {TypeError} before any request, when `uid` is empty or no `onBehalfOf` is set
   * @throws {ApiError} a typed subclass on any non-2xx answer (`code` holds CometChat's error code)
   */
  getUserConversation(uid: string, options?: CometChatRequestOptions): Promise<CometChatConversationResponse>;
  /**
   * One group conversation, as `onBehalfOf` sees it, with its unread count (Get Group Conversation).
   * @throws {TypeError} before any request, when `guid` is empty or no `onBehalfOf` is set
   * @throws {ApiError} a typed subclass on any non-2xx answer (`code` holds CometChat's error code)
   */
  getGroupConversation(guid: string, options?: CometChatRequestOptions): Promise<CometChatGroupConversationResponse>;
  /**
   * One page of conversations of `onBehalfOf` (or of the app without one), with unread counts (List Conversations).
   * @throws {TypeError|RangeError} before any request, for a bad query value
   */
  listConversations(
    query?: CometChatListConversationsQuery,
    options?: CometChatRequestOptions,
  ): Promise<CometChatConversationList>;
  /**
   * Every conversation across pages (`page` from 1, `perPage` the query's or 100), following
   * `meta.pagination`; the next page is fetched while the current one is consumed; `maxItems` stops early.
   */
  conversations(
    query?: CometChatListConversationsQuery,
    options?: CometChatPaginationOptions,
  ): AsyncGenerator<CometChatConversation, void, undefined>;
  /**
   * Marks a conversation read for `onBehalfOf`, up to `messageId` or the latest message
   * (Mark User/Group Conversation as Read). Safe to retry: marking read twice changes nothing.
   */
  markConversationRead(target: ReadTarget, options?: CometChatRequestOptions): Promise<CometChatMarkReadResponse>;
  /** The authenticated openapi-fetch client (with retries and timeouts), for anything the facade does not cover. */
  readonly raw: Client<paths>;
  /**
   * A stable, non-secret name for the vendor account these credentials reach (the same in every
   * process), for state that belongs to the account, such as a throttle window. Never holds the secret.
   */
  readonly accountKey: string;
}

const WHERE = 'createCometChatClient';

/** Where each CometChat operation lives (checked against the generated types). */
const ROUTES: OperationRoutes<paths, operations> = {
  getUserConversation: ['get', '/users/{uid}/conversation'],
  getGroupConversation: ['get', '/groups/{guid}/conversation'],
  listConversations: ['get', '/conversations'],
  markUserConversationRead: ['post', '/users/{uid}/conversation/read'],
  markGroupConversationRead: ['post', '/groups/{guid}/conversation/read'],
};

/** Every List Conversations parameter and how it is checked: the compiler holds this to the generated query type. */
const LIST_RULES = {
  conversationType: ['user', 'group'],
  unread: 'bool',
  page: 'page',
  perPage: 'perPage',
  searchKey: 'text',
  tags: 'texts',
  withTags: 'bool',
  withUserAndGroupTags: 'bool',
  userTags: 'texts',
  groupTags: 'texts',
} as const satisfies QueryRules<CometChatListConversationsQuery>;

/** CometChat's production hosts: plain http to them is refused. */
const PRODUCTION_HOST = /(^|\.)cometchat\.io$/i;

/**
 * Creates a CometChat client. Requests carry the `apikey` header; failures are
 * retried (network errors, 408, 429 honouring `Retry-After`, 5xx but 501). Redirects
 * are followed only within the base URL's origin.
 * @throws {TypeError|RangeError} when `appId`, `apiKey`, `region`, `onBehalfOf` or `baseUrl` is missing or invalid
 * @example
 * const cometchat = createCometChatClient({ appId: 'abc123', region: 'eu', apiKey: process.env.COMETCHAT_KEY!, onBehalfOf: 'superhero4' });
 * const { data } = await cometchat.getUserConversation('superhero3');
 */
export function createCometChatClient(options: CometChatClientOptions): CometChatClient {
  optionalObject(options, 'options', WHERE);
  if (options === undefined) throw new TypeError(`${WHERE}: options with "appId", "region" and "apiKey" are required`);
  refuseBrowser(WHERE, options.dangerouslyAllowBrowser);
  const appId = requireSecretOrSetting(options.appId, 'appId', WHERE);
  if (!/^[A-Za-z0-9-]+$/.test(appId)) throw new RangeError(`${WHERE}: "appId" must be letters, digits and hyphens`);
  const region = oneOf(options.region, COMETCHAT_REGIONS, 'region', WHERE);
  const apiKey = headerValue(options.apiKey, 'apiKey', WHERE, true);
  const defaultOnBehalfOf =
    options.onBehalfOf === undefined ? undefined : headerValue(options.onBehalfOf, 'onBehalfOf', WHERE, false);
  const baseUrl = checkBaseUrl(
    options.baseUrl ?? `https://${appId}.api-${region}.cometchat.io/v3`,
    WHERE,
    PRODUCTION_HOST,
  );
  const { raw, call } = createClientCore<paths, operations>(options, {
    vendor: COMETCHAT_PROFILE,
    where: WHERE,
    baseUrl,
    authHeaders: { apikey: apiKey },
    secrets: [apiKey],
    routes: ROUTES,
    // The vendor's document: tags, userTags and groupTags are `style: form, explode: false` (comma-joined).
    querySerializer: { array: { style: 'form', explode: false } },
  });

  /** The `onBehalfOf` header of a call: the call's, else the client's; required or optional by operation. */
  function behalfHeader(
    call: CometChatRequestOptions | undefined,
    where: string,
    required: true,
  ): { onBehalfOf: string };
  function behalfHeader(
    call: CometChatRequestOptions | undefined,
    where: string,
    required: false,
  ): { onBehalfOf?: string };
  function behalfHeader(
    call: CometChatRequestOptions | undefined,
    where: string,
    required: boolean,
  ): { onBehalfOf?: string } {
    const uid = call?.onBehalfOf ?? defaultOnBehalfOf;
    if (uid === undefined) {
      if (required) throw new TypeError(`${where}: "onBehalfOf" is required (set it on the client or the call)`);
      return {};
    }
    return { onBehalfOf: headerValue(uid, 'onBehalfOf', where, false) };
  }

  const listPage = (
    query: CometChatListConversationsQuery,
    options: CometChatRequestOptions | undefined,
    where: string,
  ) => call('listConversations', { params: { header: behalfHeader(options, where, false), query } }, options);

  async function* conversationPages(
    query: CometChatListConversationsQuery | undefined,
    options: CometChatPaginationOptions = {},
  ) {
    const where = 'conversations';
    optionalObject(options, 'options', where);
    const apiQuery = checkedQuery(query, LIST_RULES, where) as CometChatListConversationsQuery;
    const { maxItems, ...request } = options;
    const perPage = apiQuery.perPage ?? 100;
    yield* walkPages({
      provider: 'cometchat',
      operation: 'listConversations',
      firstPage: apiQuery.page ?? 1,
      fetchPage: (page, signal) => listPage({ ...apiQuery, page, perPage }, { ...request, signal }, where),
      itemsOf: (page: CometChatConversationList) => listItems(page),
      keyOf: (conversation) => conversation?.conversationId ?? conversation,
      isLast: (page, items) => {
        const pagination = page.meta?.pagination;
        return typeof pagination?.current_page === 'number' && typeof pagination.total_pages === 'number'
          ? pagination.current_page >= pagination.total_pages
          : items.length < perPage;
      },
      maxItems: checkMaxItems(maxItems, where),
      signal: request.signal,
    });
  }

  return {
    raw,
    accountKey: accountKey('cometchat', appId, apiKey),
    async listConversations(query, options) {
      return listPage(
        checkedQuery(query, LIST_RULES, 'listConversations') as CometChatListConversationsQuery,
        options,
        'listConversations',
      );
    },
    conversations(query, options) {
      return flattenPages(conversationPages(query, options), listItems, options?.maxItems);
    },
    async markConversationRead(target, options) {
      const where = 'markConversationRead';
      const { kind, id } = readTarget(target, where);
      const header = behalfHeader(options, where, true);
      const body = target.messageId === undefined ? undefined : { messageId: messageIdOf(target.messageId, where) };
      return kind === 'uid'
        ? call('markUserConversationRead', { params: { path: { uid: id }, header }, body }, options)
        : call('markGroupConversationRead', { params: { path: { guid: id }, header }, body }, options);
    },
    async getUserConversation(uid, options) {
      const path = { uid: pathSegment(uid, 'uid', 'getUserConversation') };
      return call(
        'getUserConversation',
        { params: { path, header: behalfHeader(options, 'getUserConversation', true) } },
        options,
      );
    },
    async getGroupConversation(guid, options) {
      const path = { guid: pathSegment(guid, 'guid', 'getGroupConversation') };
      return call(
        'getGroupConversation',
        { params: { path, header: behalfHeader(options, 'getGroupConversation', true) } },
        options,
      );
    },
  };
}

/**
 * The conversations of a List Conversations page.
 * @throws {InvalidResponseError} when its `data` is not a list
 */
function listItems(page: CometChatConversationList): CometChatConversation[] {
  if (Array.isArray(page?.data)) return page.data;
  const details = { provider: 'cometchat' as const, operation: 'listConversations', status: 200 };
  throw new InvalidResponseError(
    details,
    'CometChat listConversations answered with a "data" that is not a list of conversations',
  );
}

/**
 * A message id as the vendor documents it in mark-read bodies: an integer. Digit strings
 * (ids come as strings in messages) are sent as their number.
 * @throws {TypeError|RangeError} naming `messageId`
 */
function messageIdOf(value: unknown, where: string): number {
  return positiveId(value, 'messageId', where);
}

/** The encoded uid or guid a read target names. */
function readTarget(target: ReadTarget, where: string): { kind: 'uid' | 'guid'; id: string } {
  optionalObject(target, 'target', where);
  if (target === undefined) fail(TypeError, where, 'target', 'is required ({ uid }, { guid } or a conversation)');
  if ('uid' in target) return { kind: 'uid', id: pathSegment(target.uid, 'uid', where) };
  if ('guid' in target) return { kind: 'guid', id: pathSegment(target.guid, 'guid', where) };
  const other = target.conversationWith as { uid?: unknown; guid?: unknown } | undefined;
  if (target.conversationType === 'group')
    return { kind: 'guid', id: pathSegment(other?.guid, 'conversationWith.guid', where) };
  return { kind: 'uid', id: pathSegment(other?.uid, 'conversationWith.uid', where) };
}
