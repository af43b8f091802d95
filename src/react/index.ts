export { InboxClientProvider, type InboxClientProviderProps } from './inbox-context.js';
export { useMarkRead, type MarkReadState, type UseMarkReadOptions } from './use-mark-read.js';
export { useUnreadSummary, type UnreadSummaryState, type UseUnreadSummaryOptions } from './use-unread-summary.js';
export type { PollSnapshot } from './shared-poll.js';
