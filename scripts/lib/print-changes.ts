/** The summary `spec:diff` and `generate` print: per API, per operation, one line per change. */
import type { TypeChange } from './type-diff.js';

/**
 * The lines of the summary, e.g.
 * `cometchat getUserConversation` then `  breaking  response 200 data.unreadMessageCount: removed (was string | number)`,
 * ending with a count line. `labels` maps an API to how it is named in the heading (its spec path).
 */
export function formatChanges(changes: TypeChange[], apis: string[], labels: Record<string, string> = {}): string[] {
  const lines: string[] = [];
  for (const api of apis) {
    const own = changes.filter((change) => change.api === api);
    const heading = labels[api] ? `${api} (${labels[api]})` : api;
    if (own.length === 0) {
      lines.push(`${heading}: no changes for a TypeScript consumer`);
      continue;
    }
    const breaking = own.filter((change) => change.verdict === 'breaking').length;
    lines.push(`${heading}: ${own.length} change${own.length === 1 ? '' : 's'}, ${breaking} breaking`);
    for (const operation of new Set(own.map((change) => change.operation))) {
      lines.push(`  ${operation}`);
      for (const change of own.filter((candidate) => candidate.operation === operation)) {
        lines.push(`    ${change.verdict.padEnd(9)} ${change.where}: ${change.what}`);
      }
    }
  }
  const breaking = changes.filter((change) => change.verdict === 'breaking').length;
  lines.push(`${breaking} breaking, ${changes.length - breaking} additive`);
  return lines;
}
