import type { WebhookHint } from '../../inbox/provider-adapter.js';
import type { ProviderSource } from '../provider-source.js';
import { json, problem } from '../responses.js';
import type { SafeStore } from '../safe-store.js';
import { basicAuthMatches, pathSecretMatches } from './auth.js';
import { readCappedText } from './body.js';
import type { WebhookSettings } from './options.js';
import type { Refresher } from './refresher.js';
import { parseWebhookXml } from './xml.js';

/** What the receiver needs of the handler. */
export interface ReceiverDeps {
  sources: readonly ProviderSource[];
  store: SafeStore;
  refresher: Refresher;
  /** The clock (epoch ms) a delivery's receipt time is taken with. @default Date.now */
  now?: () => number;
  onError: (error: Error) => void;
}

/** How long an answer waits for the invalidations (never for a vendor read): well inside CometChat's 2 s. */
const ACK_WITHIN_MS = 1_000;
const ROUTE = /^\/webhooks\/([a-z][a-z0-9-]*)(?:\/([^/]+))?$/;
const JSON_TYPE = /^application\/json\s*(;|$)/i;
const XML_TYPE = /^(application|text)\/xml\s*(;|$)/i;

const unauthorized = () =>
  problem(401, 'unauthorized', 'Webhook credentials missing or wrong', {
    'www-authenticate': 'Basic realm="webhooks", charset="UTF-8"',
  });
const bad = (message: string) => problem(400, 'bad_request', message);

async function digestHex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest.subarray(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * `POST {basePath}/webhooks/{provider}[/{pathSecret}]` for each vendor configured in `settings.vendors`
 * (e.g. `cometchat`; `commbox`, which may authenticate by a secret path segment): authenticates before reading anything, reads a capped body, parses it once (CommBox XML without
 * DTDs or entities), and answers at once; dropping retried deliveries, marking the affected users'
 * reads stale and re-reading the watched ones continue after the answer. Never throws.
 */
export function createWebhookReceiver(settings: WebhookSettings, deps: ReceiverDeps) {
  const now = deps.now ?? Date.now;
  /** A vendor's checked auth settings: Basic credentials, a path secret, or both (`webhookSettings`). */
  const authOf = (provider: string) => settings.vendors.get(provider);
  /** The configured source of a vendor that posts webhooks and has settings; `undefined` otherwise. */
  const sourceOf = (provider: string) =>
    authOf(provider)
      ? deps.sources.find((source) => source.provider === provider && source.adapter.vendor.webhook)
      : undefined;

  /** A secret last path segment when one is given (and configured), else the Basic credentials. */
  async function authenticated(request: Request, provider: string, segment: string | undefined): Promise<boolean> {
    const auth = authOf(provider)!;
    if (segment !== undefined) return auth.pathSecret !== undefined && pathSecretMatches(segment, auth.pathSecret);
    return auth.credentials !== undefined && basicAuthMatches(request, auth.credentials);
  }

  /**
   * Dedupes across instances, then invalidates; resolves to the answer's word and the re-reads' promise.
   * `receivedAt` (epoch ms) goes with the re-reads, to the live changes they cause.
   */
  async function process(
    source: ProviderSource,
    hint: Extract<WebhookHint, { kind: 'hint' }>,
    receivedAt: number,
  ): Promise<{ received: 'queued' | 'duplicate'; reads: Promise<void> }> {
    const token = await deps.store.acquireLock(
      `webhook:${source.adapter.accountKey}:${await digestHex(hint.dedupeKey)}`,
      settings.dedupeTtlMs,
    );
    if (token === undefined) return { received: 'duplicate', reads: Promise.resolve() };
    const { reads } = await deps.refresher.hint(source, hint.users, hint.groups, receivedAt);
    return { received: 'queued', reads };
  }

  return {
    /** Whether `rest` (the path after `basePath`) is a webhook route. */
    matches: (rest: string) => {
      const provider = ROUTE.exec(rest)?.[1];
      return (
        provider !== undefined &&
        deps.sources.some((source) => source.provider === provider && source.adapter.vendor.webhook !== undefined)
      );
    },

    /**
     * Answers one webhook delivery. `report` hears what telemetry may know of it: the event's name (a fixed
     * vocabulary, never an id), how many users and groups it touched (a count), and whether it was a duplicate.
     */
    async handle(request: Request, rest: string, report?: (facts: WebhookFacts) => void): Promise<Response> {
      // The delivery's receipt time: what the delivery latency of the live changes it causes is measured from.
      const receivedAt = now();
      const [, provider, segment] = ROUTE.exec(rest) as unknown as [string, string, string | undefined];
      const source = sourceOf(provider);
      const webhook = source?.adapter.vendor.webhook;
      if (!source || !webhook) return problem(404, 'not_found', 'No such inbox route');
      if (request.method !== 'POST') return problem(405, 'method_not_allowed', 'Use POST', { allow: 'POST' });
      let secret: string | undefined;
      try {
        secret = segment === undefined ? undefined : decodeURIComponent(segment);
      } catch {
        secret = '';
      }
      if (!(await authenticated(request, provider, secret))) {
        await request.body?.cancel().catch(() => undefined);
        return unauthorized();
      }
      const type = request.headers.get('content-type') ?? '';
      const isJson = JSON_TYPE.test(type);
      const xmlLists = webhook.xmlLists;
      if (!isJson && !(xmlLists && XML_TYPE.test(type))) {
        await request.body?.cancel().catch(() => undefined);
        return problem(
          415,
          'bad_request',
          xmlLists ? 'Send application/xml, text/xml or application/json' : 'Send application/json',
          { accept: xmlLists ? 'application/xml, text/xml, application/json' : 'application/json' },
        );
      }
      const text = await readCappedText(request, settings.maxBodyBytes);
      if (text === 'too_large')
        return problem(413, 'bad_request', `The body is larger than ${settings.maxBodyBytes} bytes`);
      if (text === 'not_utf8') return bad('The body is not UTF-8');
      let body: unknown;
      if (isJson) {
        try {
          body = JSON.parse(text);
        } catch {
          return bad('The body is not JSON');
        }
      } else {
        const parsed = parseWebhookXml(text, xmlLists);
        if ('error' in parsed) return bad(parsed.error);
        body = parsed.value;
      }
      const hint = webhook.hint(body);
      const trigger = triggerOf(webhook.eventName?.(body));
      report?.({
        ...(trigger === undefined ? {} : { trigger }),
        ...(hint.kind === 'hint' ? { usersAffected: hint.users.length + hint.groups.length } : {}),
      });
      if (hint.kind === 'malformed') return bad(hint.reason);
      if (hint.kind === 'ignored') return json(200, { received: 'ignored' });

      const processing = deps.refresher.track(process(source, hint, receivedAt));
      const all = processing
        .then((outcome) => outcome.reads)
        .catch((error) => deps.onError(error instanceof Error ? error : new Error(String(error))));
      deps.refresher.track(all);
      try {
        settings.waitUntil?.(all);
      } catch (error) {
        deps.onError(error instanceof Error ? error : new Error(String(error)));
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ACK_WITHIN_MS)));
      const first = await Promise.race([processing.catch(() => undefined), late]);
      clearTimeout(timer);
      if (first !== 'late' && first !== undefined) report?.({ deduplicated: first.received === 'duplicate' });
      return json(200, { received: first === 'late' || first === undefined ? 'queued' : first.received });
    },
  };
}

/** What a webhook delivery tells telemetry: no id, no body text. */
export interface WebhookFacts {
  trigger?: string;
  usersAffected?: number;
  deduplicated?: boolean;
}

/** The event's name when it is one of a vendor's names (`message_sent`, `OnNewChild`), else undefined. */
function triggerOf(name: string | undefined): string | undefined {
  return typeof name === 'string' && /^[A-Za-z_]{1,40}$/.test(name) ? name : undefined;
}

/** The receiver a handler keeps. */
export type WebhookReceiver = ReturnType<typeof createWebhookReceiver>;
