import type { VendorErrorSummary, VendorProfile } from '../../../src/core/vendor-profile.js';

/** Threadly's error body, `{ "fault": { "kind": "QUOTA", "detail": "…" } }`: its kind as the code, its detail as the message. */
export function readThreadlyErrorBody(body: unknown): VendorErrorSummary {
  const fault = typeof body === 'object' && body !== null ? (body as { fault?: unknown }).fault : undefined;
  if (typeof fault !== 'object' || fault === null) return {};
  const { kind, detail } = fault as { kind?: unknown; detail?: unknown };
  return {
    code: typeof kind === 'string' ? kind : undefined,
    message: typeof detail === 'string' ? detail : undefined,
  };
}

/** The wait Threadly's `X-Quota-Retry-Ms` asks for, in ms; `undefined` when it is missing or not a number. */
export function threadlyRateLimitWait(headers: Headers): number | undefined {
  const wait = headers.get('x-quota-retry-ms')?.trim();
  return wait && /^\d{1,10}$/.test(wait) ? Number(wait) : undefined;
}

/** What the shared machinery knows of Threadly. */
export const THREADLY_PROFILE = {
  provider: 'threadly',
  displayName: 'Threadly',
  readErrorBody: readThreadlyErrorBody,
  readRateLimitWait: threadlyRateLimitWait,
} as const satisfies VendorProfile;
