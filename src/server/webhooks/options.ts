import { fail, integer, optionalObject } from '../../core/validate.js';
import { anyOf } from '../../inbox/inbox.js';
import type { AnyProviderAdapter, WebhookAuthOptionsOf, WebhookAuthScheme } from '../../inbox/provider-adapter.js';
import type { ListedAdapter } from '../../vendors/providers.js';

/** The `webhooks` option's settings besides the vendors' auth. */
export interface WebhookGeneralOptions {
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

/**
 * The `webhooks` option over the vendors of a list of adapters: for each vendor that posts webhooks, its auth
 * (`{ [provider]?: … }`, the option type its adapter declares), and the general settings.
 */
export type WebhookOptionsOver<A extends AnyProviderAdapter> = WebhookAuthOptionsOf<A> & WebhookGeneralOptions;

/**
 * The `webhooks` option of `createInboxHandler`: which vendors may post events (one key per vendor of
 * `src/vendors/providers.ts` that posts webhooks, with the auth its folder's `webhook-auth.ts` describes),
 * and how they are handled.
 */
export interface WebhookOptions extends WebhookAuthOptionsOf<ListedAdapter>, WebhookGeneralOptions {}

/** A vendor's checked webhook auth: its Basic credentials (`username:password`), a path secret, or both. */
export interface VendorWebhookAuth {
  credentials?: string;
  pathSecret?: string;
}

/** The checked settings. */
export interface WebhookSettings {
  /** The auth of each vendor whose webhooks are configured, by provider id. */
  vendors: ReadonlyMap<string, VendorWebhookAuth>;
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

/** Checks one vendor's auth option (`name`, e.g. `webhooks.commbox`) by the scheme its adapter declares. */
function vendorAuth(scheme: WebhookAuthScheme, value: unknown, name: string): VendorWebhookAuth {
  optionalObject(value, name, WHERE);
  const given = value as { username?: unknown; password?: unknown; pathSecret?: unknown };
  if (scheme === 'basic') return { credentials: credentials(given, name) };
  if (scheme !== 'basic-or-path-secret') throw new TypeError(`${WHERE}: unknown webhook auth scheme for "${name}"`);
  const { username, password, pathSecret } = given;
  if (username === undefined && password === undefined && pathSecret === undefined)
    fail(TypeError, WHERE, name, 'needs username and password, pathSecret, or both');
  const auth: VendorWebhookAuth = {};
  if (username !== undefined || password !== undefined) auth.credentials = credentials(given, name);
  if (pathSecret !== undefined) {
    if (typeof pathSecret !== 'string' || pathSecret.length < MIN_PATH_SECRET || !/^[A-Za-z0-9_-]+$/.test(pathSecret)) {
      fail(
        RangeError,
        WHERE,
        `${name}.pathSecret`,
        `must be at least ${MIN_PATH_SECRET} characters of A-Z a-z 0-9 _ - (e.g. 24 random bytes in base64url)`,
      );
    }
    auth.pathSecret = pathSecret;
  }
  return auth;
}

/**
 * Checks the `webhooks` option over the vendors of `adapters` (the handler's list): each vendor's auth by the
 * scheme its adapter's webhook part declares; never shows a secret.
 * @throws {TypeError|RangeError} naming the option, for a missing vendor, an empty or short secret, or a bad number
 */
export function webhookSettings<A extends AnyProviderAdapter>(
  adapters: readonly A[],
  options: WebhookOptionsOver<A>,
): WebhookSettings {
  optionalObject(options, 'webhooks', WHERE);
  const posting = adapters.filter((adapter) => adapter.webhook !== undefined);
  const given = options as Record<string, unknown>;
  if (!posting.some((adapter) => given[adapter.provider]))
    fail(TypeError, WHERE, 'webhooks', `needs ${anyOf(posting.map((adapter) => adapter.provider))}`);
  const vendors = new Map<string, VendorWebhookAuth>();
  const settings: WebhookSettings = {
    vendors,
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
  for (const { provider, webhook } of posting) {
    if (given[provider]) vendors.set(provider, vendorAuth(webhook!.auth, given[provider], `webhooks.${provider}`));
  }
  return settings;
}
