export {
  createInbox,
  htmlToText,
  UnreadCountMismatchError,
  type Inbox,
  type InboxConversation,
  type InboxOptions,
  type ProviderFailure,
  type UnreadSummary,
  type UnreadSummaryOptions,
  type WatchOptions,
} from './inbox/index.js';
export { createCommBoxClient, type CommBoxClient, type CommBoxClientOptions, type PaginationOptions } from './commbox.js';
export {
  createCometChatClient,
  COMETCHAT_REGIONS,
  type CometChatClient,
  type CometChatClientOptions,
  type CometChatRegion,
  type CometChatPaginationOptions,
  type CometChatRequestOptions,
  type ReadTarget,
} from './cometchat.js';
export type { ClientOptions, RequestOptions } from './client-options.js';
export type { StreamObjectsQuery } from './commbox-query.js';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnsupportedOperationError,
  type ApiErrorDetails,
  type Provider,
} from './errors.js';
export { parseContent, parseVendorTime, toCount } from './quirks.js';
export type { AttemptEvent, RetryEvent } from './retry.js';
export { DEFAULT_RETRY_POLICY, RETRYABLE_STATUSES, type RetryPolicy } from './retry-policy.js';
export type * from './types.js';
export type * as CommBoxApi from './generated/commbox.js';
export type * as CometChatApi from './generated/cometchat.js';
