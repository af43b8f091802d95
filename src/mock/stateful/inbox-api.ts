import { PROVIDER_ADAPTERS } from '../../vendors/providers.js';
import { copy } from './examples.js';
import { DEFAULT_SCENARIO } from './scenario.js';
import type { OperationCall, OperationExamples, Reply, StatefulApi, Wire } from './types.js';

/** A weak ETag of what a summary shows (not of `asOf`), as the handler computes one. */
function etagOf(summary: Wire): string {
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify({ ...summary, asOf: undefined }))
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return `W/"${hash.toString(36)}"`;
}

function errorExample(operation: OperationExamples, status: string, fallback: Wire): Wire {
  return copy((operation.errors.get(status)?.values().next().value ?? fallback) as Wire);
}

/**
 * The inbox API's stateful behaviour (the mock of openapi/inbox.yaml): each scenario's summary comes
 * from the example of that name; marking a conversation read (CometChat) sets it to 0 and lowers the
 * totals in every later summary; a vendor whose adapter has no mark-read (CommBox) answers 501, as the
 * handler does; `If-None-Match` gets 304.
 */
export function inboxApi(examples: OperationExamples[], clock: () => number): StatefulApi {
  const summaries = new Map<string, Wire>();
  const summaryOperation = examples.find(
    (operation) => operation.method === 'GET' && operation.path.endsWith('/summary'),
  );

  function summaryOf(scenario: string): Wire | undefined {
    let summary = summaries.get(scenario);
    if (!summary && summaryOperation) {
      const value =
        scenario === DEFAULT_SCENARIO
          ? summaryOperation.success.values().next().value
          : summaryOperation.success.get(scenario);
      if (value) summaries.set(scenario, (summary = copy(value as Wire)));
    }
    return summary;
  }

  function markRead(call: OperationCall, summary: Wire): Reply {
    const { provider, id } = call.params;
    const vendor = PROVIDER_ADAPTERS.find((adapter) => adapter.provider === provider);
    if (vendor && !vendor.markRead) {
      const message = `${vendor.profile.displayName} documents no endpoint to mark a conversation read`;
      return { status: 501, body: errorExample(call.operation, '501', { error: { code: 'not_supported', message } }) };
    }
    const conversation = (summary.conversations as Wire[] | undefined)?.find(
      (candidate) => candidate.provider === provider && candidate.id === id,
    );
    if (!conversation)
      return {
        status: 404,
        body: errorExample(call.operation, '404', { error: { code: 'not_found', message: 'No such conversation' } }),
      };
    const unread = Number(conversation.unread ?? 0);
    conversation.unread = 0;
    summary.total = Math.max(0, Number(summary.total ?? 0) - unread);
    if (summary.byProvider && typeof summary.byProvider === 'object')
      summary.byProvider[provider!] = Math.max(0, Number(summary.byProvider[provider!] ?? 0) - unread);
    return undefined; // Prism's 204
  }

  return {
    knows: (scenario) => scenario === DEFAULT_SCENARIO || examples.some((operation) => operation.success.has(scenario)),
    now: clock,
    reset: (scenario) => (scenario === undefined ? summaries.clear() : void summaries.delete(scenario)),
    reply(call) {
      const summary = summaryOf(call.scenario);
      if (!summary) return undefined;
      if (call.method === 'POST' && call.path.endsWith('/read')) return markRead(call, summary);
      if (call.method === 'GET' && call.path === summaryOperation?.path) {
        const body = { ...summary, asOf: new Date(call.now).toISOString() };
        const etag = etagOf(summary);
        if (call.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
        return { status: 200, body, headers: { etag } };
      }
      return undefined;
    },
  };
}
