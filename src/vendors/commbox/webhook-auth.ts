/**
 * CommBox documents no signature: Basic credentials in the callback URL (`username`, `password` of 16+
 * characters), a secret last path segment (`pathSecret`, 32+ of `A-Z a-z 0-9 _ -`: POST
 * `{basePath}/webhooks/commbox/{pathSecret}`), or both (either one authenticates).
 * The `webhooks.commbox` option of `createInboxHandler`.
 */
export interface CommBoxWebhookAuth {
  /** The Basic auth username in the callback URL: non-empty, without `:` or control characters; with `password`. */
  username?: string;
  /** The Basic auth password in the callback URL: 16+ characters; with `username`. */
  password?: string;
  /** The callback URL's secret last path segment: 32+ of `A-Z a-z 0-9 _ -` (e.g. 24 random bytes in base64url). */
  pathSecret?: string;
}
