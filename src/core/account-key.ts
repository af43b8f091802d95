/**
 * A stable, non-secret name for the vendor account behind a client's credentials,
 * for keying state that belongs to the account (a throttle window, a cache): the
 * same credentials give the same key in every process. The secret parts are
 * hashed (FNV-1a, 64 bits), so the key never reveals them.
 */
export function accountKey(provider: string, visible: string, secret: string): string {
  let high = 0xcbf29ce4;
  let low = 0x84222325;
  for (let index = 0; index < secret.length; index++) {
    low ^= secret.charCodeAt(index);
    // 64-bit multiply by the FNV prime 0x100000001b3, in two 32-bit halves.
    const lowProduct = low * 0x1b3;
    high = (Math.imul(high, 0x1b3) + Math.imul(low, 0x100) + Math.floor(lowProduct / 0x100000000)) >>> 0;
    low = lowProduct >>> 0;
  }
  const hash = high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
  return `${provider}:${visible}:${hash}`;
}
