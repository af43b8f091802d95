import type { InboxApiConversation, InboxApiFailure } from '../inbox/api-types.js';
import { PROVIDER_NAMES } from '../vendors/providers.js';
import type { InboxConversationOf } from '../inbox/inbox-conversation.js';

/** A conversation as the inbox API sends it (the one `InboxApiConversation`). */
export type WireConversation = InboxApiConversation;
/** A provider failure as the inbox API sends it (the one `InboxApiFailure`). */
export type WireFailure = InboxApiFailure;

/** What the handler keeps of a conversation: the wire form, and what marking it read needs (the adapter's `targetOf`). */
export type StoredConversation = Omit<WireConversation, 'provider'> & {
  provider: WireConversation['provider'] | (string & {});
  target?: Record<string, string>;
};

/** An inbox conversation as the handler reads it: with what marking it read needs (the adapter's `targetOf`). */
export type HandlerConversation = InboxConversationOf & { target?: Record<string, string> | undefined };

/** A provider's name in messages: a vendor's display name, or the provider's own id for one this package does not list. */
const nameOf = (provider: string | { provider: string; displayName: string }): string =>
  typeof provider === 'object'
    ? provider.displayName
    : ((PROVIDER_NAMES as Record<string, string>)[provider] ?? provider);

const iso = (date: Date | undefined): string =>
  (date && Number.isFinite(date.getTime()) ? date : new Date(0)).toISOString();

/** An inbox conversation in its wire form (with its mark-read `target`, when it has one); the vendor object only when `includeRaw`. */
export function toStoredConversation(conversation: HandlerConversation, includeRaw: boolean): StoredConversation {
  const stored: StoredConversation = {
    provider: conversation.provider,
    id: conversation.id,
    title: conversation.title,
    unread: conversation.unread,
    updatedAt: iso(conversation.updatedAt),
  };
  if (conversation.lastMessage)
    stored.lastMessage = { text: conversation.lastMessage.text, at: iso(conversation.lastMessage.at) };
  if (includeRaw) stored.raw = conversation.raw as unknown as Record<string, unknown>;
  if (conversation.target) stored.target = conversation.target;
  return stored;
}

/** The wire form of a stored conversation (without the mark-read target). */
export function toWireConversation({ target: _target, ...conversation }: StoredConversation): WireConversation {
  return conversation as WireConversation;
}

/**
 * What the handler reads of a vendor client's error. By `name` and fields, not `instanceof`: the clients
 * may come from the package's main entry and the handler from `./server`, two bundles with their own classes.
 */
interface ErrorFacts {
  name?: string;
  status?: number;
  code?: string;
  retryAfterMs?: number;
  reported?: number;
  counted?: number;
}

const factsOf = (error: unknown): ErrorFacts => (error instanceof Error ? (error as ErrorFacts) : {});

/** Whether `error` is a vendor's 429 (`RateLimitError`); its `retryAfterMs` is the wait the vendor asked for. */
export function isRateLimited(error: unknown): error is { retryAfterMs?: number } {
  const { name, status } = factsOf(error);
  return name === 'RateLimitError' || status === 429;
}

/** A safe vendor error code (`ERR_UID_NOT_FOUND`), never free vendor text. */
const vendorCode = ({ code }: ErrorFacts): string =>
  typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? ` (${code})` : '';

/**
 * What the browser may know of a provider's failure: a code and a message the handler writes
 * itself (no vendor text, no secret), and the wait when throttled.
 */
export function toWireFailure(
  vendor: string | { provider: string; displayName: string },
  error: unknown,
  details: { retryAfterMs?: number; timedOut?: boolean; timeoutMs?: number } = {},
): WireFailure {
  const name = nameOf(vendor);
  const provider = (typeof vendor === 'object' ? vendor.provider : vendor) as WireFailure['provider'];
  const facts = factsOf(error);
  if (details.retryAfterMs !== undefined || isRateLimited(error)) {
    const wait = Math.max(0, Math.ceil(details.retryAfterMs ?? 0));
    return {
      provider,
      code: 'rate_limited',
      message: `${name} is throttling this account; retrying in ${Math.ceil(wait / 1000)} s`,
      retryAfterMs: wait,
    };
  }
  if (details.timedOut || facts.name === 'TimeoutError') {
    return {
      provider,
      code: 'timeout',
      message: `${name} did not answer in time${details.timeoutMs ? ` (${details.timeoutMs} ms)` : ''}`,
    };
  }
  if (facts.name === 'ConnectionError')
    return { provider, code: 'unavailable', message: `${name} could not be reached` };
  if (facts.status === 401 || facts.status === 403)
    return {
      provider,
      code: 'unauthorized',
      message: `${name} refused the server's credentials (HTTP ${facts.status})${vendorCode(facts)}`,
    };
  if (facts.status === 404)
    return { provider, code: 'not_found', message: `${name} answered HTTP 404${vendorCode(facts)}` };
  if (facts.name === 'ResponseTooLargeError')
    return { provider, code: 'invalid_response', message: `${name} sent a response too large to read` };
  if (facts.name === 'InvalidResponseError')
    return { provider, code: 'invalid_response', message: `${name} sent data the inbox could not read` };
  if (facts.name === 'UnreadCountMismatchError')
    return {
      provider,
      code: 'count_mismatch',
      message: `${name} reported ${facts.reported} unread messages, its conversations add up to ${facts.counted}`,
    };
  if (typeof facts.status === 'number')
    return { provider, code: 'vendor_error', message: `${name} answered HTTP ${facts.status}${vendorCode(facts)}` };
  return { provider, code: 'vendor_error', message: `${name} could not be read` };
}
