import type { VendorErrorSummary } from '../../core/vendor-profile.js';

/**
 * CommBox's error body, `{ "status": 400, "description": "…" }`: its `description` as the
 * message, when it is a string (CommBox sends no machine-readable code). Never throws.
 */
export function readCommBoxErrorBody(body: unknown): VendorErrorSummary {
  if (typeof body !== 'object' || body === null) return {};
  const { description } = body as { description?: unknown };
  return typeof description === 'string' ? { message: description } : {};
}
