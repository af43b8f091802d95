/**
 * CometChat's webhook Basic auth (Dashboard → Webhooks): a username and a password of 16+ characters
 * (the `webhooks.cometchat` option of `createInboxHandler`; CometChat posts to `{basePath}/webhooks/cometchat`).
 */
export interface CometChatWebhookAuth {
  /** The Basic auth username set in the dashboard: non-empty, without `:` or control characters. */
  username: string;
  /** The Basic auth password set in the dashboard: 16+ characters. */
  password: string;
}
