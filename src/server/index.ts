export { createInboxHandler, ResolveUserTimeoutError, type InboxHandler, type InboxHandlerErrorContext, type InboxHandlerErrorSource, type InboxHandlerOptions } from './inbox-handler.js';
export { enableOpenTelemetry, type CacheOutcome, type InboxHandlerEvent, type WebhookOutcome } from '../internal/telemetry.js';
export { toNodeListener, type NodeListener, type NodeListenerOptions } from './node-listener.js';
export type { InboxUser } from './providers.js';
export { StoreRecoveredError, StoreTimeoutError } from './safe-store.js';
export { createMemoryStore, storeKeys, type InboxStore, type MemoryStoreOptions } from './store.js';
export type { WireSummary as InboxSummary } from './summary-response.js';
export type { WireConversation as InboxApiConversation, WireFailure as InboxApiFailure } from './wire.js';
export type * as InboxApi from '../generated/inbox.js';
