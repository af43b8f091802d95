import type { RequestOptions } from '../core/client-options.js';
import type { VendorProfile } from '../core/vendor-profile.js';
import type { InboxConversationOf } from './inbox-conversation.js';
import type { ProviderRead } from './normalize.js';

/**
 * What a vendor webhook means for the inbox: which users' reads it may have changed.
 * `groups` are index keys (a group id, a conversation id) whose readers the handler looks up in
 * the index it keeps from its reads.
 */
export type WebhookHint =
  | { kind: 'hint'; dedupeKey: string; users: string[]; groups: string[] }
  | { kind: 'ignored' }
  | { kind: 'malformed'; reason: string };

/** A conversation as marking it read needs it: the inbox's (with `raw`) or the handler's stored one (with `target`). */
export interface MarkReadSubject<Raw = unknown> {
  id: string;
  raw?: Raw | undefined;
  /** What the adapter's `targetOf` kept of `raw`, when the handler stored the conversation. */
  target?: Record<string, string> | undefined;
}

/**
 * How a vendor authenticates the webhooks it posts (the handler checks its `webhooks.<provider>` option by it):
 * - `'basic'`: Basic auth, required (`{ username, password }`, a password of 16+ characters);
 * - `'basic-or-path-secret'`: Basic auth, a secret last path segment (`pathSecret`, 32+ of `A-Z a-z 0-9 _ -`:
 *   `{basePath}/webhooks/<provider>/{pathSecret}`), or both; either one authenticates.
 */
export type WebhookAuthScheme = 'basic' | 'basic-or-path-secret';

/**
 * A vendor's webhook part: how it authenticates, and how its events (already authenticated and parsed)
 * name the affected users.
 * @typeParam Auth the vendor's `webhooks.<provider>` option (a named interface in its folder), as `auth` asks for it
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- Auth types the vendor's option (WebhookAuthOf)
export interface WebhookPart<Auth extends object = object> {
  /** How the vendor authenticates its webhooks; the option type `Auth` takes what this scheme asks for. */
  readonly auth: WebhookAuthScheme;
  /** Reads a parsed event body (JSON, or XML in object form); never throws. */
  hint(body: unknown): WebhookHint;
  /** The index keys of a user's read (the `groups` its hints may name later). */
  indexKeysOf(conversations: ReadonlyArray<{ id: string; target?: Record<string, string> | undefined }>): string[];
  /** The event's name as the vendor sends it (`trigger`, `Event.Name`), for telemetry; never throws. @default none */
  eventName?(body: unknown): string | undefined;
  /** Element names that repeat in the vendor's XML bodies; absent when the vendor posts only JSON. */
  xmlLists?: readonly string[];
}

/**
 * One vendor, as every provider-neutral layer sees it: the inbox (`createInbox`), the handler
 * (`createInboxHandler`: summary, mark-read, webhooks) and the mock loop over a list of these
 * (`src/vendors/providers.ts`). Each vendor implements it in `src/vendors/<name>/adapter.ts`.
 * @typeParam P the provider id (`byProvider` key, URL segment, `InboxUser` key)
 * @typeParam Client the vendor client a site passes in (`{ client }`)
 * @typeParam User who the user is at this vendor (an `InboxUser` entry, e.g. `{ uid: string }`)
 * @typeParam Raw the vendor's conversation object (an inbox conversation's `raw`)
 * @typeParam WebhookAuth its `webhooks.<provider>` option (e.g. `{ username, password }`); `never` without webhooks
 */
export interface ProviderAdapter<
  P extends string = string,
  Client = unknown,
  User extends object = object,
  Raw = unknown,
  WebhookAuth extends object = never,
> {
  readonly provider: P;
  /** Its name in messages, error bodies and rate-limit headers (what `core/` is told of the vendor). */
  readonly profile: VendorProfile & { provider: P };
  /**
   * `client` as this vendor's client: the same value, checked.
   * @throws {TypeError} naming `${name}` (e.g. `commbox.client`) when it is not one
   */
  clientOf(client: unknown, name: string, where: string): Client;
  /**
   * The user's id at this vendor from their `InboxUser` entry (`{ userIdentityId }`, `{ uid }`).
   * @throws {TypeError|RangeError} naming the field (prefixed with the provider) when it is malformed
   */
  userIdOf(entry: User, where: string): string;
  /**
   * One user's inbox as inbox conversations: odd items skipped and reported in `failures`.
   * `options` go to the vendor calls as they are (e.g. `{ maxRetries: 0, timeoutMs, signal }`).
   * @throws {ApiError} a typed subclass when the vendor call fails
   */
  read(
    client: Client,
    userId: string,
    options: RequestOptions & { onlyUnread?: boolean },
  ): Promise<ProviderRead<InboxConversationOf<P, Raw>>>;
  /** What marking a conversation read needs of its `raw`, kept with the handler's stored conversation. @default none */
  targetOf?(raw: Raw): Record<string, string> | undefined;
  /**
   * Marks a conversation read on behalf of the user. Absent when the vendor documents no endpoint for it.
   * @throws {ApiError} when the vendor call fails; {TypeError} when the conversation names nothing to mark
   */
  markRead?(client: Client, userId: string, conversation: MarkReadSubject<Raw>, options: RequestOptions): Promise<void>;
  /** How its webhooks name the affected users; absent when the vendor sends none the inbox reads. */
  readonly webhook?: WebhookPart<WebhookAuth>;
}

/** Any adapter, whatever its vendor types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProviderAdapter = ProviderAdapter<string, any, any, any, any>;

/** The provider id of an adapter (or of a union of them). */
export type ProviderOf<A extends AnyProviderAdapter> = A['provider'];
/** The vendor client an adapter takes. */
export type ClientOf<A extends AnyProviderAdapter> =
  A extends ProviderAdapter<string, infer Client, object, unknown> ? Client : never;
/** Who the user is at an adapter's vendor (its `InboxUser` entry). */
export type UserEntryOf<A extends AnyProviderAdapter> = Parameters<A['userIdOf']>[0];
/** The inbox conversation an adapter reads (a union over a union of adapters). */
export type ConversationOf<A extends AnyProviderAdapter> =
  A extends ProviderAdapter<infer P, unknown, object, infer Raw> ? InboxConversationOf<P, Raw> : never;

/** Who a user is at each vendor of a list (either or several): `{ [provider]?: entry }`. */
export type InboxUserOf<A extends AnyProviderAdapter> = { [X in A as X['provider']]?: UserEntryOf<X> };
/** The handler's per-vendor options: `{ [provider]?: { client } }`. */
export type ClientOptionsOf<A extends AnyProviderAdapter> = { [X in A as X['provider']]?: { client: ClientOf<X> } };
/** `createInbox`'s per-vendor options: `{ [provider]?: { client } & entry }`. */
export type InboxAccountOptionsOf<A extends AnyProviderAdapter> = {
  [X in A as X['provider']]?: { client: ClientOf<X> } & UserEntryOf<X>;
};

/** A vendor's `webhooks.<provider>` option (its auth), as its adapter declares it; `never` for a vendor without webhooks. */
export type WebhookAuthOf<A extends AnyProviderAdapter> =
  A extends ProviderAdapter<string, any, any, any, infer Auth> ? Auth : never; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The handler's per-vendor webhook options: `{ [provider]?: auth }`, for the vendors that post webhooks. */
export type WebhookAuthOptionsOf<A extends AnyProviderAdapter> = {
  [X in A as [WebhookAuthOf<X>] extends [never] ? never : X['provider']]?: WebhookAuthOf<X>;
};

/** The ids of a list of adapters, in order. */
export const providersOf = (adapters: readonly AnyProviderAdapter[]): string[] =>
  adapters.map((adapter) => adapter.provider);
