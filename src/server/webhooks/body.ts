import { concatBytes } from '../../core/bytes.js';

/** Why a body could not be read. */
export type BodyFailure = 'too_large' | 'not_utf8';

/**
 * Reads a request body as UTF-8 text, at most `maxBytes`: a `Content-Length` above it is refused
 * before reading, and the bytes are counted as they arrive (the read is cancelled past the cap).
 */
export async function readCappedText(request: Request, maxBytes: number): Promise<string | BodyFailure> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await request.body?.cancel().catch(() => undefined);
    return 'too_large';
  }
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return 'too_large';
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concatBytes(chunks, total));
  } catch {
    return 'not_utf8';
  }
}
