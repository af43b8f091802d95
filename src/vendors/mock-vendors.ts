import { commboxMock } from './commbox/mock/mock-vendor.js';
import { cometchatMock } from './cometchat/mock/mock-vendor.js';

/**
 * The one list of mocked vendors: `startMockServers`, the `conversations-mock` command (its
 * `--{id}-port` flags), `MOCKED_APIS`, `MOCK_WEBHOOK_CREDENTIALS` and the mock's option and result
 * types loop over or derive from it. Each entry is the vendor's `mock/` folder (spec, port, generated
 * data and routes, webhooks).
 *
 * Kept apart from `PROVIDER_ADAPTERS` (./providers.ts) on purpose, in the same order: that list is
 * in every client bundle (`conversations-client`), and this one would bring the mock's data
 * generators and Prism glue along. A new vendor adds one line there and, for the mock, one line here.
 */
export const MOCK_VENDORS = [commboxMock, cometchatMock] as const;

/** Any vendor of the list. */
export type ListedMockVendor = (typeof MOCK_VENDORS)[number];
