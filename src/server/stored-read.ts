import type { StoredConversation, WireFailure } from './wire.js';

/** What the store holds per provider, account and user: one vendor read, with each conversation's `raw` always. */
export interface StoredRead {
  /** When the vendor was read, epoch ms. */
  at: number;
  conversations: StoredConversation[];
  failures: WireFailure[];
}

/** A provider id as the handler writes it (the vendor adapters' ids). */
const isProvider = (value: unknown): value is string =>
  typeof value === 'string' && /^[a-z][a-z0-9-]{0,31}$/.test(value);
const FAILURE_CODES: readonly unknown[] = [
  'rate_limited',
  'timeout',
  'unavailable',
  'unauthorized',
  'not_found',
  'vendor_error',
  'invalid_response',
  'count_mismatch',
] satisfies WireFailure['code'][];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTime = (value: unknown): value is string => typeof value === 'string' && Number.isFinite(Date.parse(value));

function isConversation(value: unknown, provider: string | undefined): value is StoredConversation {
  if (!isRecord(value) || !isProvider(value.provider) || (provider && value.provider !== provider)) return false;
  if (
    typeof value.id !== 'string' ||
    typeof value.title !== 'string' ||
    !isCount(value.unread) ||
    !isTime(value.updatedAt)
  )
    return false;
  const last = value.lastMessage;
  if (last !== undefined && !(isRecord(last) && typeof last.text === 'string' && isTime(last.at))) return false;
  if (value.raw !== undefined && !isRecord(value.raw)) return false;
  const target = value.target;
  return (
    target === undefined || (isRecord(target) && Object.values(target).every((field) => typeof field === 'string'))
  );
}

function isFailure(value: unknown): value is WireFailure {
  return (
    isRecord(value) &&
    isProvider(value.provider) &&
    FAILURE_CODES.includes(value.code) &&
    typeof value.message === 'string' &&
    (value.retryAfterMs === undefined || isCount(value.retryAfterMs))
  );
}

/**
 * A stored read, parsed and checked: what comes back from a store is input (another deploy,
 * another program or a corrupted entry may have written it). Anything of the wrong shape reads
 * as `undefined`, a cache miss — never an error, never a string where a count belongs.
 * @param provider when given, every conversation must be this provider's
 */
export function parseStoredRead(text: string | undefined, provider?: string): StoredRead | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.at !== 'number' || !Number.isFinite(value.at)) return undefined;
  const { conversations, failures } = value;
  if (!Array.isArray(conversations) || !conversations.every((item) => isConversation(item, provider))) return undefined;
  if (!Array.isArray(failures) || !failures.every(isFailure)) return undefined;
  return { at: value.at, conversations, failures };
}

/** A stored failure window: until when (epoch ms) the account answers the failure it last gave. */
export interface StoredFailureWindow {
  until: number;
  failure: WireFailure;
}

/** A stored failure window, checked like a stored read; `undefined` when absent or of the wrong shape. */
export function parseFailureWindow(text: string | undefined): StoredFailureWindow | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) &&
      typeof value.until === 'number' &&
      Number.isFinite(value.until) &&
      isFailure(value.failure)
      ? { until: value.until, failure: value.failure }
      : undefined;
  } catch {
    return undefined;
  }
}
