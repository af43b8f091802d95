import { ApiError, AuthenticationError, ConnectionError, InvalidResponseError, NotFoundError, PROVIDER_NAMES, RateLimitError, TimeoutError, type Provider } from '../core/errors.js';
import type { InboxConversation } from '../inbox/inbox-conversation.js';
import { UnreadCountMismatchError } from '../inbox/summary.js';
import type { components } from '../generated/inbox.js';

/** A conversation as the inbox API sends it. */
export type WireConversation = components['schemas']['InboxConversation'];
/** A provider failure as the inbox API sends it. */
export type WireFailure = components['schemas']['ProviderFailure'];

/** What the handler keeps of a conversation: the wire form, and what marking it read needs. */
export type StoredConversation = WireConversation & { target?: { uid: string } | { guid: string } };

const iso = (date: Date | undefined): string => (date && Number.isFinite(date.getTime()) ? date : new Date(0)).toISOString();

/** An inbox conversation in its wire form; the vendor object only when `includeRaw`. */
export function toStoredConversation(conversation: InboxConversation, includeRaw: boolean): StoredConversation {
  const stored: StoredConversation = {
    provider: conversation.provider,
    id: conversation.id,
    title: conversation.title,
    unread: conversation.unread,
    updatedAt: iso(conversation.updatedAt),
  };
  if (conversation.lastMessage) stored.lastMessage = { text: conversation.lastMessage.text, at: iso(conversation.lastMessage.at) };
  if (includeRaw) stored.raw = conversation.raw as unknown as Record<string, unknown>;
  if (conversation.provider === 'cometchat') {
    const other = conversation.raw.conversationWith as { uid?: unknown; guid?: unknown } | undefined;
    if (conversation.raw.conversationType === 'group' && typeof other?.guid === 'string') stored.target = { guid: other.guid };
    else if (typeof other?.uid === 'string') stored.target = { uid: other.uid };
  }
  return stored;
}

/** The wire form of a stored conversation (without the mark-read target). */
export function toWireConversation({ target: _target, ...conversation }: StoredConversation): WireConversation {
  return conversation;
}

/** A safe vendor error code (`ERR_UID_NOT_FOUND`), never free vendor text. */
const vendorCode = (error: ApiError): string => (error.code && /^[A-Z0-9_]{1,64}$/.test(error.code) ? ` (${error.code})` : '');

/**
 * What the browser may know of a provider's failure: a code and a message the handler writes
 * itself (no vendor text, no secret), and the wait when throttled.
 */
export function toWireFailure(provider: Provider, error: unknown, details: { retryAfterMs?: number; timedOut?: boolean; timeoutMs?: number } = {}): WireFailure {
  const name = PROVIDER_NAMES[provider];
  if (details.retryAfterMs !== undefined || error instanceof RateLimitError) {
    const wait = Math.max(0, Math.ceil(details.retryAfterMs ?? 0));
    return { provider, code: 'rate_limited', message: `${name} is throttling this account; retrying in ${Math.ceil(wait / 1000)} s`, retryAfterMs: wait };
  }
  if (details.timedOut || error instanceof TimeoutError) {
    return { provider, code: 'timeout', message: `${name} did not answer in time${details.timeoutMs ? ` (${details.timeoutMs} ms)` : ''}` };
  }
  if (error instanceof ConnectionError) return { provider, code: 'unavailable', message: `${name} could not be reached` };
  if (error instanceof AuthenticationError) return { provider, code: 'unauthorized', message: `${name} refused the server's credentials (HTTP ${error.status})${vendorCode(error)}` };
  if (error instanceof NotFoundError) return { provider, code: 'not_found', message: `${name} answered HTTP 404${vendorCode(error)}` };
  if (error instanceof InvalidResponseError) return { provider, code: 'invalid_response', message: `${name} sent a response that is not its API's JSON` };
  if (error instanceof UnreadCountMismatchError) return { provider, code: 'count_mismatch', message: `${name} reported ${error.reported} unread messages, its conversations add up to ${error.counted}` };
  if (error instanceof ApiError && error.status !== undefined) return { provider, code: 'vendor_error', message: `${name} answered HTTP ${error.status}${vendorCode(error)}` };
  return { provider, code: 'vendor_error', message: `${name} could not be read` };
}
