import type { Client } from 'openapi-fetch';
import type { ClientOptions, RequestOptions } from './client-options.js';
import type { paths } from './generated/cometchat.js';
import { createClientCore } from './internal/client-core.js';
import { oneOf, optionalObject, pathSegment, requireSecretOrSetting } from './internal/validate.js';
import type { CometChatConversationResponse } from './types.js';

/** The regions CometChat hosts apps in. */
export const COMETCHAT_REGIONS = ['us', 'eu', 'in'] as const;
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
  /** @default `https://${appId}.api-${region}.cometchat.io/v3` */
  baseUrl?: string;
}

/** Options of one CometChat call. */
export interface CometChatRequestOptions extends RequestOptions {
  /** The uid this call is made on behalf of. @default the client's `onBehalfOf` */
  onBehalfOf?: string;
}

/** A CometChat client: one method per operation, and `raw` for the rest. */
export interface CometChatClient {
  /**
   * The one-to-one conversation between `onBehalfOf` and `uid`, with its unread count (Get User Conversation).
   * @throws {TypeError} before any request, when `uid` is empty or no `onBehalfOf` is set
   * @throws {ApiError} a typed subclass on any non-2xx answer (`code` holds CometChat's error code)
   */
  getUserConversation(uid: string, options?: CometChatRequestOptions): Promise<CometChatConversationResponse>;
  /** The authenticated openapi-fetch client (with retries and timeouts), for anything the facade does not cover. */
  readonly raw: Client<paths>;
}

const WHERE = 'createCometChatClient';

/**
 * Creates a CometChat client. Requests carry the `apikey` header; failures are
 * retried (network errors, 408, 429 honouring `Retry-After`, 5xx but 501).
 * @throws {TypeError|RangeError} when `appId`, `apiKey` or `region` is missing or invalid
 * @example
 * const cometchat = createCometChatClient({ appId: 'abc123', region: 'eu', apiKey: process.env.COMETCHAT_KEY!, onBehalfOf: 'superhero4' });
 * const { data } = await cometchat.getUserConversation('superhero3');
 */
export function createCometChatClient(options: CometChatClientOptions): CometChatClient {
  optionalObject(options, 'options', WHERE);
  if (options === undefined) throw new TypeError(`${WHERE}: options with "appId", "region" and "apiKey" are required`);
  const appId = requireSecretOrSetting(options.appId, 'appId', WHERE);
  if (!/^[A-Za-z0-9-]+$/.test(appId)) throw new RangeError(`${WHERE}: "appId" must be letters, digits and hyphens`);
  const region = oneOf(options.region, COMETCHAT_REGIONS, 'region', WHERE);
  const apiKey = requireSecretOrSetting(options.apiKey, 'apiKey', WHERE);
  const defaultOnBehalfOf = options.onBehalfOf === undefined ? undefined : requireSecretOrSetting(options.onBehalfOf, 'onBehalfOf', WHERE);
  const { raw, run } = createClientCore<paths>(options, {
    provider: 'cometchat',
    where: WHERE,
    baseUrl: options.baseUrl ?? `https://${appId}.api-${region}.cometchat.io/v3`,
    authHeaders: { apikey: apiKey },
    secrets: [apiKey],
  });

  const onBehalfOf = (call: CometChatRequestOptions | undefined, where: string): string => {
    const uid = call?.onBehalfOf ?? defaultOnBehalfOf;
    if (uid === undefined) throw new TypeError(`${where}: "onBehalfOf" is required (set it on the client or the call)`);
    return requireSecretOrSetting(uid, 'onBehalfOf', where);
  };

  return {
    raw,
    async getUserConversation(uid, options) {
      const path = { uid: pathSegment(uid, 'uid', 'getUserConversation') };
      const header = { onBehalfOf: onBehalfOf(options, 'getUserConversation') };
      return run<CometChatConversationResponse>('getUserConversation', options, (init) =>
        raw.GET('/users/{uid}/conversation', { ...init, params: { path, header } }),
      );
    },
  };
}
