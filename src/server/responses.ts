import type { components } from '../generated/inbox.js';

/** The error codes a handler response may carry. */
export type ProblemCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'not_supported'
  | 'rate_limited'
  | 'vendor_error'
  | 'unavailable'
  | 'bad_request'
  | 'internal';

/** Every summary answer is the visitor's own and revalidated with its ETag. */
export const CACHE_CONTROL = 'private, no-cache';

/** A JSON response with the handler's standard headers. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
      ...headers,
    },
  });
}

/** An error response: `{ error: { code, message } }`, a message the handler wrote (never a stack or vendor text). */
export function problem(
  status: number,
  code: ProblemCode,
  message: string,
  headers: Record<string, string> = {},
  extra: object = {},
): Response {
  const body: components['schemas']['Problem'] = { error: { code, message } };
  return json(status, { ...body, ...extra }, headers);
}

/** A weak ETag of `text`: SHA-256 (Web Crypto, as in every runtime the handler targets), 16 bytes, base64url. */
export async function weakEtag(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let binary = '';
  for (const byte of digest.subarray(0, 16)) binary += String.fromCharCode(byte);
  return `W/"${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}"`;
}

/** Whether `If-None-Match` (a list, `*`, weak or strong) names `etag` (weak comparison). */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
