import type { ConversationOf, InboxAccountOptionsOf, InboxUserOf, ClientOptionsOf } from '../inbox/provider-adapter.js';
import { commboxAdapter } from './commbox/adapter.js';
import { cometchatAdapter } from './cometchat/adapter.js';

/**
 * The one list of vendors: `createInbox`, `createInboxHandler` (summary, mark-read, webhooks), the
 * public option types and `byProvider` loop over or derive from it. A new vendor is a folder under
 * `src/vendors/` (client, error-body reader, profile, `adapter.ts`) and one line here.
 */
export const PROVIDER_ADAPTERS = [commboxAdapter, cometchatAdapter] as const;

/** Any adapter of the list. */
export type ListedAdapter = (typeof PROVIDER_ADAPTERS)[number];

// Built by calls marked pure, so that a bundle importing one client leaves the list out (tree-shaking).
const providersOf = (adapters: typeof PROVIDER_ADAPTERS) =>
  adapters.map((adapter) => adapter.provider) as ListedAdapter['provider'][];
const namesOf = (adapters: typeof PROVIDER_ADAPTERS) =>
  Object.fromEntries(adapters.map((adapter) => [adapter.provider, adapter.profile.displayName])) as Record<
    ListedAdapter['provider'],
    string
  >;

/** The vendors this package knows, in list order. */
export const PROVIDERS = /* @__PURE__ */ providersOf(PROVIDER_ADAPTERS);

/** The vendor an error or a result comes from. */
export type Provider = ListedAdapter['provider'];

/** How each provider is named in messages. */
export const PROVIDER_NAMES = /* @__PURE__ */ namesOf(PROVIDER_ADAPTERS);

/** A conversation in the unified inbox, with the vendor's object in `raw` (one member per vendor). */
export type InboxConversation = ConversationOf<ListedAdapter>;

/** Who the visitor is at each vendor, as the site's `resolveUser` says (any of them). */
export interface InboxUser extends InboxUserOf<ListedAdapter> {}

/** Which accounts `createInbox` reads: any of the vendors, each with its client and user. */
export interface InboxOptions extends InboxAccountOptionsOf<ListedAdapter> {}

/** The handler's vendors: any of them, each with the client the site already has. */
export interface HandlerClientOptions extends ClientOptionsOf<ListedAdapter> {}
