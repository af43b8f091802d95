import { fail } from '../../core/validate.js';
import type { ProviderSource, SourceResult } from '../provider-source.js';
import type { InboxUser } from '../providers.js';
import type { SafeStore } from '../safe-store.js';
import type { SummaryChangeListener } from './changes.js';
import type { WebhookSettings } from './options.js';
import { createWebhookReceiver, type WebhookReceiver } from './receiver.js';
import { createRefresher, type Refresher, type RefresherSettings } from './refresher.js';

export type { SummaryChange, SummaryChangeListener } from './changes.js';
export {
  webhookSettings,
  type WebhookGeneralOptions,
  type WebhookOptions,
  type WebhookOptionsOver,
  type WebhookSettings,
} from './options.js';

/**
 * The handler's server-side change API (`handler.changes`): what a push channel (SSE, WebSocket) builds on.
 * A change is reported when a re-read (after a webhook, a reconciliation or a visitor's request
 * on this instance) shows a user something else than the previous read did.
 */
export interface InboxChanges {
  /** Calls `listener` with each changed provider summary; returns a function that removes it. */
  onSummaryChange(listener: SummaryChangeListener): () => void;
  /**
   * Keeps a visitor watched (a live connection): webhooks re-read their data at once, and it is reconciled
   * at least every `webhooks.reconcileMs`. Returns a function that ends the watch.
   * @throws {TypeError} for a malformed vendor id in `user`
   */
  watch(user: InboxUser): () => void;
  /** Resolves once every webhook's processing and re-read started so far has finished (tests, graceful shutdown). */
  settled(): Promise<void>;
  /** Stops the reconciliation timer. */
  close(): void;
}

/** The index keys of a read, as its vendor's webhook part says (CometChat group guids, CommBox conversation ids); none without one. */
function indexKeysOf(source: ProviderSource, result: SourceResult): string[] {
  return source.adapter.vendor.webhook?.indexKeysOf(result.conversations) ?? [];
}

/** The handler's webhook routes (when configured) and change API. */
export interface HandlerWebhooks {
  receiver: WebhookReceiver | undefined;
  refresher: Refresher;
  changes: InboxChanges;
}

/**
 * Builds the refresher, the receiver (with `settings`) and the public change API for a handler.
 * @throws {TypeError} when a vendor's webhooks are configured without that vendor's client
 */
export function createHandlerWebhooks(
  settings: WebhookSettings | undefined,
  deps: {
    sources: readonly ProviderSource[];
    store: SafeStore;
    now: () => number;
    onError: (error: Error) => void;
    /** How a webhook's or reconciliation's re-read is done (the live side's `reread`). @default `source.load` */
    reread?: RefresherSettings['reread'];
  },
): HandlerWebhooks {
  for (const provider of settings?.vendors.keys() ?? []) {
    if (!deps.sources.some((source) => source.provider === provider))
      fail(TypeError, 'createInboxHandler', `webhooks.${provider}`, `needs the ${provider} option (its client) too`);
  }
  const refresher = createRefresher({
    store: deps.store,
    now: deps.now,
    reconcileMs: settings?.reconcileMs ?? 300_000,
    watchMs: settings?.watchMs ?? 120_000,
    indexKeysOf,
    onError: deps.onError,
    ...(deps.reread ? { reread: deps.reread } : {}),
  });
  const receiver =
    settings &&
    createWebhookReceiver(settings, {
      sources: deps.sources,
      store: deps.store,
      refresher,
      now: deps.now,
      onError: deps.onError,
    });
  const changes: InboxChanges = {
    onSummaryChange: (listener) => {
      if (typeof listener !== 'function') throw new TypeError('changes.onSummaryChange: "listener" must be a function');
      return refresher.onSummaryChange(listener);
    },
    watch(user) {
      const stops = deps.sources.flatMap((source) => {
        const id = source.adapter.userOf(user);
        return id === undefined ? [] : [refresher.watch(source, id)];
      });
      return () => stops.forEach((stop) => stop());
    },
    settled: () => refresher.settled(),
    close: () => refresher.close(),
  };
  return { receiver, refresher, changes };
}
