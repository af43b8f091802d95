import { MOCK_VENDORS, type ListedMockVendor } from '../vendors/mock-vendors.js';
import type {
  AnyMockVendor,
  MockedApisOf,
  MockWebhookCredentialOptionsOf,
  MockWebhookCredentialsOf,
} from './mock-vendor.js';

/** `MOCKED_APIS` of a list of vendors. */
export const mockedApisOf = <V extends AnyMockVendor>(vendors: readonly V[]) =>
  Object.fromEntries(
    vendors.map(({ id, title, spec, defaultPort, portEnv }) => [id, { title, spec, defaultPort, portEnv }]),
  ) as MockedApisOf<V>;

/** `MOCK_WEBHOOK_CREDENTIALS` of a list of vendors (those that post webhooks). */
export const webhookCredentialsOf = <V extends AnyMockVendor>(vendors: readonly V[]) =>
  Object.fromEntries(
    vendors.flatMap((vendor) => (vendor.webhook ? [[vendor.id, vendor.webhook.credentials]] : [])),
  ) as MockWebhookCredentialsOf<V>;

/** Each mocked API's title, spec file (shipped in the package), default port and port variable, by id. */
export interface MockedApis extends MockedApisOf<ListedMockVendor> {}

/** The mocked APIs: their spec files (shipped in the package) and default ports. */
export const MOCKED_APIS: MockedApis = /* @__PURE__ */ mockedApisOf(MOCK_VENDORS);

/** The name of a mocked API: `commbox` or `cometchat`. */
export type MockedApi = ListedMockVendor['id'];

/** Each vendor's default webhook credentials, by id. */
export interface MockWebhookCredentials extends MockWebhookCredentialsOf<ListedMockVendor> {}

/** The mock's default webhook credentials (development only): configure the handler with the same. */
export const MOCK_WEBHOOK_CREDENTIALS: MockWebhookCredentials = /* @__PURE__ */ webhookCredentialsOf(MOCK_VENDORS);

/** Where and how the mock posts vendor-shaped webhooks, with a list's vendors' credentials. */
export type MockWebhookOptionsOf<V extends AnyMockVendor> = MockWebhookCredentialOptionsOf<V> & {
  /** The base URL of the receiving routes: each vendor's events go to `{url}/{vendor}`. */
  url: string;
};

/**
 * Where and how the mock posts vendor-shaped webhooks (`startMockServers({ webhooks })`, `--webhook-url`):
 * `url`, and `cometchat` / `commbox` credentials (`{ username, password }`, each defaulting to
 * `MOCK_WEBHOOK_CREDENTIALS`'s).
 */
export interface MockWebhookOptions extends MockWebhookCredentialOptionsOf<ListedMockVendor> {
  /**
   * The base URL of the receiving routes, e.g. `http://127.0.0.1:4000/api/inbox/webhooks`: CometChat events go to
   * `{url}/cometchat` (JSON, Basic auth), CommBox events to `{url}/commbox` (XML `Event`s, Basic auth).
   */
  url: string;
}
