import type { components } from '../generated/inbox.js';

type Schemas = components['schemas'];
type Conversation = Schemas['InboxConversation'];
type Failure = Schemas['ProviderFailure'];
type Summary = Schemas['InboxSummary'];

/** One conversation of the summary (`InboxConversation` of openapi/inbox.yaml). */
export interface InboxApiConversation extends Conversation {}

/** Why a provider is missing from (or stale in) the summary (`ProviderFailure` of openapi/inbox.yaml). */
export interface InboxApiFailure extends Failure {}

/** The inbox summary, as `GET {basePath}/summary` sends it (`InboxSummary` of openapi/inbox.yaml). */
export interface InboxSummary extends Omit<Summary, 'conversations' | 'failures'> {
  /** Newest activity first. */
  conversations: InboxApiConversation[];
  /** Providers that could not be read (or whose counts disagree), and why. */
  failures: InboxApiFailure[];
}
