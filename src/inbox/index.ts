export { htmlToText } from './html-to-text.js';
export { UnreadCountMismatchError, type UnreadSummaryOptions } from './summary.js';
export type { WatchOptions } from './watch.js';
