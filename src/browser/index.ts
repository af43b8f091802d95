export {
  createInboxClient,
  InboxApiError,
  type InboxApiConversation,
  type InboxApiFailure,
  type InboxClient,
  type InboxClientOptions,
  type InboxSummary,
  type InboxWatchOptions,
} from './inbox-client.js';
