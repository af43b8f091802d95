import type { InboxSummary } from '../inbox/api-types.js';
import { compareByActivity, countUnread } from '../inbox/summary.js';
import type { SourceResult } from './provider-source.js';
import { CACHE_CONTROL, json, matchesEtag, problem, weakEtag } from './responses.js';
import { toWireConversation } from './wire.js';

/** The summary as the inbox API sends it (the one `InboxSummary`). */
export type WireSummary = InboxSummary;

/** When every provider failed with no wait given, ask the browser to come back after this. */
const DEFAULT_RETRY_AFTER_S = 5;

/**
 * Sums provider results into the summary body, newest activity first (the inbox's one order).
 * @param providers every provider `byProvider` names: the handler's vendors (0 for one not configured or not read)
 */
export function toSummary(results: SourceResult[], now: number, providers: readonly string[]): WireSummary {
  const conversations = results
    .flatMap((result) => result.conversations.map(toWireConversation))
    .sort(compareByActivity);
  const { total, byProvider } = countUnread<string>(conversations, providers);
  const times = results.map((result) => result.at).filter((at) => at !== undefined);
  return {
    total,
    byProvider: byProvider as WireSummary['byProvider'],
    conversations,
    failures: results.flatMap((result) => result.failures),
    stale: results.some((result) => result.stale),
    asOf: new Date(times.length ? Math.min(...times) : now).toISOString(),
  };
}

/** True when every provider failed and nothing is cached: `GET /summary` answers 503. */
export function isUnavailable(results: SourceResult[]): boolean {
  return (
    results.length > 0 &&
    results.every((result) => result.at === undefined) &&
    results.some((result) => result.failures.length > 0)
  );
}

/**
 * The answer to `GET /summary`: 200 with an ETag over everything shown (not `asOf`), 304 when
 * `If-None-Match` names it, 503 with `Retry-After` when every provider failed and nothing is cached.
 */
export async function summaryResponse(
  request: Request,
  results: SourceResult[],
  now: number,
  providers: readonly string[],
): Promise<Response> {
  const failures = results.flatMap((result) => result.failures);
  if (isUnavailable(results)) {
    const waits = failures.map((failure) => failure.retryAfterMs ?? 0).filter((ms) => ms > 0);
    const retryAfter = waits.length ? Math.ceil(Math.min(...waits) / 1000) : DEFAULT_RETRY_AFTER_S;
    return problem(
      503,
      'unavailable',
      'No provider could be read; retry later',
      { 'retry-after': String(retryAfter) },
      { failures },
    );
  }
  const summary = toSummary(results, now, providers);
  const { asOf: _asOf, ...shown } = summary;
  const etag = await weakEtag(JSON.stringify(shown));
  if (matchesEtag(request.headers.get('if-none-match'), etag)) {
    return new Response(null, { status: 304, headers: { etag, 'cache-control': CACHE_CONTROL } });
  }
  const response = json(200, summary, { etag });
  return request.method === 'HEAD' ? new Response(null, { status: 200, headers: response.headers }) : response;
}
