/** Names for the generated CometChat types users handle: aliases, never copies. */
import type { Ok } from '../../core/operation-types.js';
import type { components as CometChatComponents, operations as CometChatOperations } from '../../generated/cometchat.js';

type CometChatSchemas = CometChatComponents['schemas'];

/** A CometChat conversation, with `unreadMessageCount` and `lastMessage`. */
export type CometChatConversation = CometChatSchemas['CometChatConversation'];
/** A CometChat message. */
export type CometChatMessage = CometChatSchemas['CometChatMessage'];
/** A CometChat user. */
export type CometChatUser = CometChatSchemas['CometChatUser'];
/** A CometChat group. */
export type CometChatGroup = CometChatSchemas['CometChatGroup'];
/** The body of a CometChat error response (`error.code`, `error.message`, …). */
export type CometChatErrorBody = CometChatSchemas['CometChatErrorResponse'];
/** The body of Get User Conversation: `data` is one conversation, or an array (as the vendor's example shows). */
export type CometChatConversationResponse = Ok<CometChatOperations['getUserConversation']>;
/** The body of Get Group Conversation: one group conversation with its unread count. */
export type CometChatGroupConversationResponse = Ok<CometChatOperations['getGroupConversation']>;

/** One page of List Conversations (`data`, `meta.pagination`). */
export type CometChatConversationList = Ok<CometChatOperations['listConversations']>;
/** The query of List Conversations. */
export type CometChatListConversationsQuery = NonNullable<CometChatOperations['listConversations']['parameters']['query']>;
/** The body of a mark-read call. */
export type CometChatMarkReadResponse = Ok<CometChatOperations['markUserConversationRead']>;
