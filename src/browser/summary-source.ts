import type { InboxSummary } from './summary-types.js';

/**
 * The next summary: `If-None-Match` with the last ETag, `undefined` when the server answered 304.
 * The one source the poll loops read (a live stream can be another, later).
 */
export interface SummarySource {
  next(signal?: AbortSignal): Promise<InboxSummary | undefined>;
}

/**
 * Where `createInboxClient` keeps its {@link SummarySource} factory (the React hooks poll through it);
 * the factory's `live` property is its {@link LiveSummaries} (the hooks go live through it).
 */
export const SUMMARY_SOURCE = Symbol.for('conversations-client/source');

/** The fingerprint of what a page shows (all but `asOf`). */
export const shownKey = (summary: InboxSummary): string => JSON.stringify({ ...summary, asOf: 0 });

/**
 * Live summaries over `GET /events` (one stream per browser, shared by its tabs): `onSummary` with each
 * summary, `onFallback` once when live cannot work (the caller polls instead). Absent when the
 * client was made with `live: false`.
 */
export type LiveSummaries = (
  onSummary: (summary: InboxSummary) => void,
  onFallback: (reason: string) => void,
) => { close(): void };
