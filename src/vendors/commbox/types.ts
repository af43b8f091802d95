/** Names for the generated CommBox types users handle (entities as named interfaces, so editor hovers show the name), never copies. */
import type { Ok } from '../../core/operation-types.js';
import type { components as CommBoxComponents, operations as CommBoxOperations } from '../../generated/commbox.js';

type CommBoxSchemas = CommBoxComponents['schemas'];
/** One generated schema, by name (an interface can extend this, not an indexed access). */
type Schema<Name extends keyof CommBoxSchemas> = CommBoxSchemas[Name];

/** A CommBox conversation ("object"). */
export interface CommBoxConversation extends Schema<'CommBoxConversation'> {}
/** A message ("child") of a CommBox conversation. */
export interface CommBoxChild extends Schema<'CommBoxChild'> {}
/** A CommBox customer or agent. */
export interface CommBoxUser extends Schema<'CommBoxUser'> {}
/** A CommBox channel identity (may be null). */
export type CommBoxIdentity = CommBoxSchemas['CommBoxIdentity'];
/** The older "status" post shape of Get Stream Objects items. */
export type CommBoxStatusPost = CommBoxSchemas['CommBoxStatusPost'];
/** An item of Get Stream Objects: a conversation or a status post. */
export type CommBoxStreamItem = CommBoxSchemas['CommBoxStreamItem'];
/** The body of a CommBox error response. */
export type CommBoxErrorBody = CommBoxSchemas['CommBoxErrorResponse'];
/** An ObjectType code (object and child `type`): a known one, or a newer number. */
export type CommBoxObjectType = CommBoxSchemas['ObjectType'];
/** An ObjectStatusType code (`statusId`, the `status` filter): a known one, or a newer number. */
export type CommBoxObjectStatusType = CommBoxSchemas['ObjectStatusType'];
/** A StreamProviderType code (the channel: WhatsApp, Mail, …): a known one, or a newer number. */
export type CommBoxStreamProviderType = CommBoxSchemas['StreamProviderType'];

/** The body of Get User Objects (`totalUnreadChatMessages`, `data`). */
export type CommBoxUserObjectsResponse = Ok<CommBoxOperations['getUserObjects']>;
/**
 * What `getUserObjects` resolves to: the body, and `mayBeTruncated`, true when `data` holds
 * exactly 100 conversations. The published v1 operation pages by 100
 * by default and the v2 page documents no paging, so such a list may have been cut there
 * (see `openapi/deviations.yaml`, commbox-get-user-objects-paging).
 */
export type CommBoxUserObjectsResult = CommBoxUserObjectsResponse & { mayBeTruncated: boolean };
/** The body of Get Stream Objects (one page). */
export type CommBoxStreamObjectsResponse = Ok<CommBoxOperations['getStreamObjects']>;
/** The body of Get Object. */
export type CommBoxObjectResponse = Ok<CommBoxOperations['getObject']>;
/** The query of Get Stream Objects as the API takes it. */
export type CommBoxStreamObjectsApiQuery = NonNullable<CommBoxOperations['getStreamObjects']['parameters']['query']>;
/** The query of Get Object. */
export type CommBoxObjectQuery = NonNullable<CommBoxOperations['getObject']['parameters']['query']>;
