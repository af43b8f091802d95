export {
  createLiveSummarySource,
  liveSupported,
  type LiveFallbackReason,
  type LiveSummarySourceOptions,
} from './live-summary-source.js';
