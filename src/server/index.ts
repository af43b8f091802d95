export {
  createInboxHandler,
  ResolveUserTimeoutError,
  type InboxHandler,
  type InboxHandlerErrorContext,
  type InboxHandlerErrorSource,
  type InboxHandlerOptions,
} from './inbox-handler.js';
export type { InboxChanges, SummaryChange, SummaryChangeListener, WebhookOptions } from './webhooks/index.js';
export type * as Webhooks from '../generated/webhooks.js';
export type { CometChatWebhookAuth } from '../vendors/cometchat/webhook-auth.js';
export type { CommBoxWebhookAuth } from '../vendors/commbox/webhook-auth.js';
export {
  enableOpenTelemetry,
  type CacheOutcome,
  type InboxHandlerEvent,
  type WebhookOutcome,
} from '../internal/telemetry.js';
export {
  createLiveEvents,
  createLiveHub,
  createMemoryChangeFeed,
  type ChangeEntry,
  type ChangeFeed,
  type ChangeNotice,
  type ChangeReplay,
  type LiveEvents,
  type LiveEventsOptions,
  type LiveHub,
  type LiveHubOptions,
  type LiveVisitor,
  type MemoryChangeFeedOptions,
  type SummaryEventData,
  type WebhookCause,
} from './live/index.js';
export { toNodeListener, type NodeListener, type NodeListenerOptions } from './node-listener.js';
export type { InboxUser } from './providers.js';
export { StoreRecoveredError, StoreTimeoutError } from './safe-store.js';
export { createMemoryStore, storeKeys, type InboxStore, type MemoryStoreOptions } from './store.js';
export type { InboxApiConversation, InboxApiFailure, InboxSummary } from '../inbox/api-types.js';
export type * as InboxApi from '../generated/inbox.js';
