export {
  createLiveEvents,
  type LiveEvents,
  type LiveEventsOptions,
  type LiveVisitor,
  type SummaryEventData,
} from './live-events.js';
export { createLiveHub, LiveConnection, type LiveHub, type LiveHubOptions } from './live-hub.js';
export { createMemoryChangeFeed, type MemoryChangeFeedOptions } from './memory-change-feed.js';
export type { ChangeEntry, ChangeFeed, ChangeNotice, ChangeReplay, WebhookCause } from './change-feed.js';
