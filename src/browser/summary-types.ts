/** The inbox API's types: declared once beside the inbox, the same names on the server and in the browser. */
export type { InboxApiConversation, InboxApiFailure, InboxSummary } from '../inbox/api-types.js';
