export { createLiveSummarySource, type LiveFallbackReason, type LiveSummarySourceOptions } from './live-summary-source.js';
