/** Names for the generated CometChat types users handle: named interfaces over the generated ones (editor hovers show the name), never copies. */
import type { Ok } from '../../core/operation-types.js';
import type {
  components as CometChatComponents,
  operations as CometChatOperations,
} from '../../generated/cometchat.js';

type CometChatSchemas = CometChatComponents['schemas'];
/** One generated schema, by name (an interface can extend this, not an indexed access). */
type Schema<Name extends keyof CometChatSchemas> = CometChatSchemas[Name];

/** A CometChat conversation, with `unreadMessageCount` and `lastMessage`. */
export interface CometChatConversation extends Schema<'CometChatConversation'> {}
/** A CometChat message. */
export interface CometChatMessage extends Schema<'CometChatMessage'> {}
/** A CometChat user. */
export interface CometChatUser extends Schema<'CometChatUser'> {}
/** A CometChat group. */
export interface CometChatGroup extends Schema<'CometChatGroup'> {}
/** The body of a CometChat error response (`error.code`, `error.message`, …). */
export type CometChatErrorBody = CometChatSchemas['CometChatErrorResponse'];
/** The body of Get User Conversation: `data` is one conversation, or an array (as the vendor's example shows). */
export interface CometChatConversationResponse extends Ok<CometChatOperations['getUserConversation']> {}
/** The body of Get Group Conversation: one group conversation with its unread count. */
export interface CometChatGroupConversationResponse extends Ok<CometChatOperations['getGroupConversation']> {}

/** One page of List Conversations (`data`, `meta.pagination`). */
export interface CometChatConversationList extends Ok<CometChatOperations['listConversations']> {}
/** The query of List Conversations. */
export type CometChatListConversationsQuery = NonNullable<
  CometChatOperations['listConversations']['parameters']['query']
>;
/** The body of a mark-read call. */
export interface CometChatMarkReadResponse extends Ok<CometChatOperations['markUserConversationRead']> {}
