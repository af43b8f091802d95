import { fail, integer, optionalObject } from '../../core/validate.js';

/** The `webhooks` option of `createInboxHandler`: which vendors may post events, and how they are handled. */
export interface WebhookOptions {
  /** CometChat's webhook Basic auth (Dashboard → Webhooks): a username and a password of 16+ characters. */
  cometchat?: { username: string; password: string };
  /**
   * CommBox documents no signature: Basic credentials in the callback URL (`username`, `password` of 16+
   * characters), a secret last path segment (`pathSecret`, 32+ of `A-Z a-z 0-9 _ -`: POST
   * `{basePath}/webhooks/commbox/{pathSecret}`), or both (either one authenticates).
   */
  commbox?: { username?: string; password?: string; pathSecret?: string };
  /** The largest body read, in bytes (413 beyond, counted while reading). @default 1048576 */
  maxBodyBytes?: number;
  /** While a user is watched, a vendor re-read at least this often, in ms, whatever the webhooks said. @default 300000 */
  reconcileMs?: number;
  /** How long a delivery is remembered to drop the vendor's retries of it, in ms (CometChat retries after 10 s and 30 s). @default 120000 */
  dedupeTtlMs?: number;
  /** How long a summary request keeps its user watched (re-read on events and reconciled), in ms. @default 120000 */
  watchMs?: number;
  /** Hands the work that continues after the answer to the runtime (Vercel's and Cloudflare's `waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** The checked settings. */
export interface WebhookSettings {
  cometchat?: { credentials: string };
  commbox?: { credentials?: string; pathSecret?: string };
  maxBodyBytes: number;
  reconcileMs: number;
  dedupeTtlMs: number;
  watchMs: number;
  waitUntil?: (promise: Promise<unknown>) => void;
}

const WHERE = 'createInboxHandler';
const MIN_PASSWORD = 16;
const MIN_PATH_SECRET = 32;

function credentials(value: { username?: unknown; password?: unknown }, name: string): string {
  const { username, password } = value;
  if (
    typeof username !== 'string' ||
    username === '' ||
    username.includes(':') ||
    /[\u0000-\u001f\u007f]/.test(username)
  ) {
    fail(TypeError, WHERE, `${name}.username`, 'must be a non-empty string without ":" or control characters');
  }
  if (typeof password !== 'string' || password.length < MIN_PASSWORD)
    fail(
      RangeError,
      WHERE,
      `${name}.password`,
      `must be a string of at least ${MIN_PASSWORD} characters (a weak webhook password lets anyone trigger vendor reads)`,
    );
  return `${username}:${password}`;
}

/**
 * Checks the `webhooks` option; never shows a secret.
 * @throws {TypeError|RangeError} naming the option, for a missing vendor, an empty or short secret, or a bad number
 */
export function webhookSettings(options: WebhookOptions): WebhookSettings {
  optionalObject(options, 'webhooks', WHERE);
  if (!options.cometchat && !options.commbox) fail(TypeError, WHERE, 'webhooks', 'needs cometchat, commbox or both');
  const settings: WebhookSettings = {
    maxBodyBytes:
      options.maxBodyBytes === undefined
        ? 1_048_576
        : integer(options.maxBodyBytes, 'webhooks.maxBodyBytes', WHERE, 1, 64 * 1_048_576),
    reconcileMs:
      options.reconcileMs === undefined
        ? 300_000
        : integer(options.reconcileMs, 'webhooks.reconcileMs', WHERE, 1_000, 2 ** 31 - 1),
    dedupeTtlMs:
      options.dedupeTtlMs === undefined
        ? 120_000
        : integer(options.dedupeTtlMs, 'webhooks.dedupeTtlMs', WHERE, 1, 2 ** 31 - 1),
    watchMs:
      options.watchMs === undefined ? 120_000 : integer(options.watchMs, 'webhooks.watchMs', WHERE, 1, 2 ** 31 - 1),
  };
  if (options.waitUntil !== undefined) {
    if (typeof options.waitUntil !== 'function') fail(TypeError, WHERE, 'webhooks.waitUntil', 'must be a function');
    settings.waitUntil = options.waitUntil;
  }
  if (options.cometchat) {
    optionalObject(options.cometchat, 'webhooks.cometchat', WHERE);
    settings.cometchat = { credentials: credentials(options.cometchat, 'webhooks.cometchat') };
  }
  if (options.commbox) {
    optionalObject(options.commbox, 'webhooks.commbox', WHERE);
    const { username, password, pathSecret } = options.commbox;
    if (username === undefined && password === undefined && pathSecret === undefined)
      fail(TypeError, WHERE, 'webhooks.commbox', 'needs username and password, pathSecret, or both');
    settings.commbox = {};
    if (username !== undefined || password !== undefined)
      settings.commbox.credentials = credentials(options.commbox, 'webhooks.commbox');
    if (pathSecret !== undefined) {
      if (
        typeof pathSecret !== 'string' ||
        pathSecret.length < MIN_PATH_SECRET ||
        !/^[A-Za-z0-9_-]+$/.test(pathSecret)
      ) {
        fail(
          RangeError,
          WHERE,
          'webhooks.commbox.pathSecret',
          `must be at least ${MIN_PATH_SECRET} characters of A-Z a-z 0-9 _ - (e.g. 24 random bytes in base64url)`,
        );
      }
      settings.commbox.pathSecret = pathSecret;
    }
  }
  return settings;
}
