import type { AnyMockVendor, MockCredentials } from '../mock-vendor.js';
import type { Random } from './random.js';

/** Where the mock posts vendor-shaped webhooks (`--webhook-url`), and with which credentials. */
export interface WebhookTarget {
  /** The receiving routes' base URL: a vendor's webhooks go to `{url}/{its path}`. */
  url: string;
  /** Credentials by vendor id; a vendor without any here signs with its default (`MOCK_WEBHOOK_CREDENTIALS`). */
  credentials?: Readonly<Record<string, MockCredentials | undefined>>;
}

/** CometChat retries a failed delivery after 10 s and 30 s (when `retryOnFailure` is on). */
const RETRY_DELAYS_MS = [10_000, 30_000];

/**
 * Posts the mock's state changes as vendor webhooks. With `failRate`, each delivery is, by the seeded
 * dice, dropped, duplicated, or delayed by 1–5 s (so deliveries arrive out of order); a delivery the
 * receiver fails (non-2xx, network error) is retried after 10 s and 30 s, as CometChat does.
 */
export function createWebhookSender(options: WebhookTarget, random: Random, failRate = 0) {
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
    /** Posts one event of a vendor's state as that vendor's webhook (fire and forget); none for a vendor without. */
    send(vendor: AnyMockVendor, event: unknown): void {
      if (closed || !vendor.webhook) return;
      const credentials = options.credentials?.[vendor.id] ?? vendor.webhook.credentials;
      const request = vendor.webhook.request(event, credentials);
      deliver(request.path, request.body, request.headers);
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
