import type { WebhookHint, WebhookPart } from '../../../src/inbox/provider-adapter.js';

/** Threadly's webhook Basic auth (the `webhooks.threadly` option): a username and a password of 16+ characters. */
export interface ThreadlyWebhookAuth {
  /** The Basic auth username Threadly sends. */
  username: string;
  /** The Basic auth password Threadly sends: 16+ characters. */
  password: string;
}

/** A Threadly event, JSON: `{ "id": "evt-1", "memberId": "m-1" }` (one of the member's threads changed). */
export function threadlyWebhookHint(body: unknown): WebhookHint {
  const { id, memberId } = (typeof body === 'object' && body !== null ? body : {}) as {
    id?: unknown;
    memberId?: unknown;
  };
  if (typeof id !== 'string' || id === '' || typeof memberId !== 'string' || memberId === '')
    return { kind: 'malformed', reason: 'A Threadly event has a string id and memberId' };
  return { kind: 'hint', dedupeKey: id, users: [memberId], groups: [] };
}

/** Threadly's webhooks: Basic auth, JSON events naming the member whose threads changed. */
export const threadlyWebhook: WebhookPart<ThreadlyWebhookAuth> = {
  auth: 'basic',
  hint: threadlyWebhookHint,
  indexKeysOf: () => [],
};
