export { htmlToText } from './html-to-text.js';
export { createInbox, type Inbox, type InboxOptions } from './inbox.js';
export { UnreadCountMismatchError, type ProviderFailure, type UnreadSummary, type UnreadSummaryOptions } from './summary.js';
export type { InboxConversation } from './inbox-conversation.js';
export type { WatchOptions } from './watch.js';
