import type { Random } from './random.js';
import type { LiveMessage } from './state.js';
import type { Wire } from './types.js';

/** Where and how the mock posts vendor-shaped webhooks (`startMockServers({ webhooks })`, `--webhook-url`). */
export interface MockWebhookOptions {
  /**
   * The base URL of the receiving routes, e.g. `http://127.0.0.1:4000/api/inbox/webhooks`: CometChat events go to
   * `{url}/cometchat` (JSON, Basic auth), CommBox events to `{url}/commbox` (XML `Event`s, Basic auth).
   */
  url: string;
  /** CometChat's webhook credentials. @default MOCK_WEBHOOK_CREDENTIALS.cometchat */
  cometchat?: { username: string; password: string };
  /** CommBox's callback credentials. @default MOCK_WEBHOOK_CREDENTIALS.commbox */
  commbox?: { username: string; password: string };
}

/** The mock's default webhook credentials (development only): configure the handler with the same. */
export const MOCK_WEBHOOK_CREDENTIALS = {
  cometchat: { username: 'mock-cometchat', password: 'mock-cometchat-webhook-secret' },
  commbox: { username: 'mock-commbox', password: 'mock-commbox-webhook-secret' },
} as const;

/** One event the mock's state produced. */
export type MockEvent =
  | LiveMessage
  | {
      api: 'cometchat';
      kind: 'read';
      reader: string;
      other: string;
      receiverType: 'user' | 'group';
      messageId: string;
      at: number;
    };

/** CometChat retries a failed delivery after 10 s and 30 s (when `retryOnFailure` is on). */
const RETRY_DELAYS_MS = [10_000, 30_000];

const escapeXml = (value: unknown) => String(value ?? '').replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
const basic = ({ username, password }: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
const seconds = (ms: number) => Math.floor(ms / 1000);

/** A CometChat event, shaped as the vendor's events page shows. */
export function cometchatWebhookBody(event: MockEvent & { api: 'cometchat' }, appId = 'mock-app'): Wire {
  const envelope = { appId, region: 'us', webhook: 'mock-webhook' };
  if ('message' in event) return { trigger: 'message_sent', data: { message: event.message }, ...envelope };
  return {
    trigger: 'message_read_receipt',
    data: {
      receiver: event.other,
      receiverType: event.receiverType,
      type: 'receipts',
      sender: event.reader,
      messageSender: event.other,
      body: { action: 'read', messageId: event.messageId, user: { uid: event.reader }, timestamp: seconds(event.at) },
    },
    ...envelope,
  };
}

/** A CommBox `OnNewChild` event in the XML form the vendor documents. */
export function commboxWebhookXml(object: Wire, child: Wire): string {
  return [
    '<Event Subscription="Object" Name="OnNewChild" Brand="mock">',
    `  <Object Id="${escapeXml(object.objectId)}" StreamId="${escapeXml(object.streamId)}" SubStreamId="${escapeXml(object.subStreamId ?? 0)}">`,
    '    <Children>',
    `      <Child Id="${escapeXml(child.id)}" CreateDate="${escapeXml(String(child.createdTime ?? '').replace('T', ' '))}" Type="0">`,
    `        <Message>${escapeXml(child.message)}</Message>`,
    `        <User Id="${escapeXml(object.user?.id ?? 0)}"><Identity Id="${escapeXml(object.user_identity)}"/></User>`,
    '      </Child>',
    '    </Children>',
    '  </Object>',
    '</Event>',
  ].join('\n');
}

/**
 * Posts the mock's state changes as vendor webhooks. With `failRate`, each delivery is, by the seeded
 * dice, dropped, duplicated, or delayed by 1–5 s (so deliveries arrive out of order); a delivery the
 * receiver fails (non-2xx, network error) is retried after 10 s and 30 s, as CometChat does.
 */
export function createWebhookSender(options: MockWebhookOptions, random: Random, failRate = 0) {
  const base = options.url.replace(/\/+$/, '');
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closed = false;
  const stats = { sent: 0, dropped: 0, duplicated: 0, delayed: 0, failed: 0 };

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, ms);
    timer.unref?.();
    timers.add(timer);
  };

  function post(path: string, body: string, headers: Record<string, string>, attempt = 0): void {
    stats.sent++;
    fetch(`${base}/${path}`, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) })
      .then(async (response) => {
        await response.body?.cancel();
        if (!response.ok && response.status >= 500) throw new Error(String(response.status));
      })
      .catch(() => {
        stats.failed++;
        if (attempt < RETRY_DELAYS_MS.length)
          later(RETRY_DELAYS_MS[attempt]!, () => post(path, body, headers, attempt + 1));
      });
  }

  function deliver(path: string, body: string, headers: Record<string, string>): void {
    const roll = random.next();
    if (roll >= failRate) return post(path, body, headers);
    const fate = random.int(0, 2);
    if (fate === 0) stats.dropped++;
    else if (fate === 1) {
      stats.duplicated++;
      post(path, body, headers);
      later(random.int(0, 1_500), () => post(path, body, headers));
    } else {
      stats.delayed++;
      later(random.int(1_000, 5_000), () => post(path, body, headers));
    }
  }

  return {
    stats,
    /** Posts one state change (fire and forget). */
    send(event: MockEvent): void {
      if (closed) return;
      if (event.api === 'cometchat') {
        deliver('cometchat', JSON.stringify(cometchatWebhookBody(event)), {
          'content-type': 'application/json',
          authorization: basic(options.cometchat ?? MOCK_WEBHOOK_CREDENTIALS.cometchat),
        });
      } else {
        deliver('commbox', commboxWebhookXml(event.object, event.child), {
          'content-type': 'application/xml',
          authorization: basic(options.commbox ?? MOCK_WEBHOOK_CREDENTIALS.commbox),
        });
      }
    },
    /** Cancels pending deliveries and retries. */
    close(): void {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The mock's webhook sender. */
export type WebhookSender = ReturnType<typeof createWebhookSender>;
