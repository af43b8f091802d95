import type { VendorErrorSummary } from '../../core/vendor-profile.js';

/**
 * CometChat's error body, `{ "error": { "code": "ERR_UID_NOT_FOUND", "message": "…" } }`:
 * its `code` and `message`, when they are strings. Never throws.
 */
export function readCometChatErrorBody(body: unknown): VendorErrorSummary {
  if (typeof body !== 'object' || body === null) return {};
  const error = (body as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    code: typeof code === 'string' ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}
