import type { RateLimitWaitReader } from './retry-policy.js';

/** What a vendor's error body says, in its own fields. */
export interface VendorErrorSummary {
  /** A machine-readable error code, when the body has one (kept as `ApiError.code`). */
  code?: string | undefined;
  /** The vendor's human message, shown in the error's message. */
  message?: string | undefined;
}

/**
 * What the shared machinery needs to know about one vendor, and nothing more: its name, how
 * to read its error bodies, and how it says when a throttle ends. Each vendor's folder builds
 * one; `core/` never names a vendor.
 */
export interface VendorProfile {
  /** The provider's id, as errors and retry events carry it. */
  provider: string;
  /** How the provider is named in messages. */
  displayName: string;
  /** The vendor's code and message in a (parsed JSON, or text) error body; never throws. @default none read */
  readErrorBody?: ((body: unknown) => VendorErrorSummary) | undefined;
  /** The wait a vendor-specific header asks for, read after a usable `Retry-After`. @default none */
  readRateLimitWait?: RateLimitWaitReader | undefined;
}
