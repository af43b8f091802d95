export { htmlToText, UnreadCountMismatchError, type UnreadSummaryOptions, type WatchOptions } from './inbox/index.js';
export { createInbox, type Inbox, type ProviderFailure, type UnreadSummary } from './vendors/unified-inbox.js';
export type { InboxConversation, InboxOptions } from './vendors/providers.js';
export {
  createCommBoxClient,
  type CommBoxClient,
  type CommBoxClientOptions,
  type PaginationOptions,
} from './vendors/commbox/client.js';
export {
  createCometChatClient,
  COMETCHAT_REGIONS,
  type CometChatClient,
  type CometChatClientOptions,
  type CometChatRegion,
  type CometChatPaginationOptions,
  type CometChatRequestOptions,
  type ReadTarget,
} from './vendors/cometchat/client.js';
export type { ClientOptions, RequestOptions } from './core/client-options.js';
export type { StreamObjectsQuery } from './vendors/commbox/query.js';
export {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  RedirectError,
  RepeatedPageError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnsupportedOperationError,
  type ApiErrorDetails,
  type PageCursor,
} from './core/errors.js';
export type { Provider } from './vendors/providers.js';
export { parseContent, parseVendorTime, toCount } from './vendors/quirks.js';
export type { AttemptEvent, RetryEvent } from './core/retry.js';
export { DEFAULT_RETRY_POLICY, RETRYABLE_STATUSES, type RetryPolicy } from './core/retry-policy.js';
export type * from './vendors/commbox/types.js';
export type * from './vendors/cometchat/types.js';
export type * as CommBoxApi from './generated/commbox.js';
export type * as CometChatApi from './generated/cometchat.js';
