import type { InboxSummary } from './summary-types.js';

const count = (value: unknown): boolean => typeof value === 'number' && value >= 0 && value < Infinity;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Whether a parsed body has the shape the page relies on: a total and unread counts that are finite numbers ≥ 0,
 * conversations with a string id, a failures list and a `stale` flag. A proxy's
 * maintenance page or a half-deployed server must not reach a badge (or an optimistic update).
 */
export function isInboxSummary(body: unknown): body is InboxSummary {
  return (
    isObject(body) &&
    count(body.total) &&
    isObject(body.byProvider) &&
    Array.isArray(body.conversations) &&
    body.conversations.every((item: unknown) => isObject(item) && typeof item.id === 'string' && count(item.unread)) &&
    Array.isArray(body.failures) &&
    typeof body.stale === 'boolean'
  );
}
