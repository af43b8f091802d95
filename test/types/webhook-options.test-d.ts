import { describe, expectTypeOf, it } from 'vitest';
import type { ProviderAdapter, WebhookAuthOptionsOf } from '../../src/inbox/provider-adapter.js';
import type { InboxHandlerOptions, WebhookOptions } from '../../src/server/index.js';
import type { WebhookOptionsOver } from '../../src/server/webhooks/options.js';
import type { CommBoxWebhookAuth } from '../../src/vendors/commbox/webhook-auth.js';
import type { CometChatWebhookAuth } from '../../src/vendors/cometchat/webhook-auth.js';
import type { THREE_PROVIDERS } from '../third-vendor/providers.js';
import type { ThreadlyWebhookAuth } from '../third-vendor/threadly/webhook.js';

/** `webhooks` as it was written by hand before the vendor keys came from the list. */
interface HandWrittenWebhookOptions {
  cometchat?: { username: string; password: string };
  commbox?: { username?: string; password?: string; pathSecret?: string };
  maxBodyBytes?: number;
  reconcileMs?: number;
  dedupeTtlMs?: number;
  watchMs?: number;
  waitUntil?: (promise: Promise<unknown>) => void;
}

describe('the webhooks option derives its vendor keys from the adapters', () => {
  it('createInboxHandler keeps its public shape', () => {
    expectTypeOf<WebhookOptions>().toEqualTypeOf<HandWrittenWebhookOptions>();
    expectTypeOf<InboxHandlerOptions['webhooks']>().toEqualTypeOf<WebhookOptions | undefined>();
    expectTypeOf<WebhookOptions['cometchat']>().toEqualTypeOf<CometChatWebhookAuth | undefined>();
    expectTypeOf<WebhookOptions['commbox']>().toEqualTypeOf<CommBoxWebhookAuth | undefined>();
  });

  it('a third vendor adds its key; a vendor without webhooks adds none', () => {
    type Three = WebhookOptionsOver<(typeof THREE_PROVIDERS)[number]>;
    expectTypeOf<Three['threadly']>().toEqualTypeOf<ThreadlyWebhookAuth | undefined>();
    expectTypeOf<keyof Three>().toEqualTypeOf<keyof HandWrittenWebhookOptions | 'threadly'>();
    type Silent = ProviderAdapter<'silent', unknown, { id: string }, unknown>;
    expectTypeOf<WebhookAuthOptionsOf<Silent>>().toEqualTypeOf<{}>();
  });
});
