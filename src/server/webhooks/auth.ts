const encoder = new TextEncoder();

async function digest(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/**
 * Whether two secrets are equal, in time that does not depend on where they differ: both are hashed
 * (SHA-256, Web Crypto) and the digests compared byte by byte without an early exit.
 */
export async function secretsEqual(
  given: Uint8Array<ArrayBuffer>,
  expected: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a[index]! ^ b[index]!;
  return difference === 0;
}

/** The raw bytes of a `Basic` Authorization header's credentials, or `undefined` when it is absent or not Basic base64. */
function basicBytes(header: string | null): Uint8Array<ArrayBuffer> | undefined {
  const match = /^Basic[ ]+([A-Za-z0-9+/]+={0,2})[ ]*$/i.exec(header ?? '');
  if (!match || match[1]!.length > 1024) return undefined;
  try {
    const binary = atob(match[1]!);
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Whether the request's Basic credentials are `expected` (`username:password`), compared in constant time. */
export async function basicAuthMatches(request: Request, expected: string): Promise<boolean> {
  const given = basicBytes(request.headers.get('authorization'));
  return given !== undefined && secretsEqual(given, encoder.encode(expected));
}

/** Whether a path segment is the secret, compared in constant time. */
export function pathSecretMatches(segment: string, expected: string): Promise<boolean> {
  return secretsEqual(encoder.encode(segment), encoder.encode(expected));
}
