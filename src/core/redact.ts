/** Keeping secrets out of everything an error carries: text, bodies, headers and causes. */

const REDACTED = '[redacted]';

/** Every form a secret may take in text a server sends back: as is, JSON-escaped, URL-encoded. */
function forms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  let encoded = secret;
  try {
    encoded = encodeURIComponent(secret);
  } catch {
    // a lone surrogate: no URL form
  }
  return [...new Set([secret, escaped, encoded])];
}

/** `text` with every secret replaced, in one pass per form (linear in the text's length). */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of forms(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** `headers` itself, or a copy with secrets replaced when any value holds one. */
export function redactHeaders(headers: Headers, secrets: readonly string[]): Headers {
  let leaks = false;
  headers.forEach((value) => {
    if (redactText(value, secrets) !== value) leaks = true;
  });
  if (!leaks) return headers;
  const copy = new Headers();
  headers.forEach((value, key) => copy.append(key, redactText(value, secrets)));
  return copy;
}

const CAUSE_DEPTH = 8;

/**
 * A copy of an error that is safe to keep as a `cause`: name, message, stack and the
 * usual network fields (`code`, `errno`, `syscall`) with secrets replaced, and its own
 * cause chain copied the same way (at most eight deep). Never the original object, which
 * may hold the request, its headers or a socket.
 */
export function redactCause(error: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof error === 'string') return redactText(error, secrets);
  if (!(error instanceof Error)) return typeof error === 'object' && error !== null ? undefined : error;
  const copy = new Error(redactText(error.message, secrets));
  copy.name = error.name;
  copy.stack = redactText(error.stack ?? '', secrets);
  const source = error as Error & Record<string, unknown>;
  for (const key of ['code', 'errno', 'syscall'] as const) {
    const value = source[key];
    if (typeof value === 'string' || typeof value === 'number') Object.assign(copy, { [key]: typeof value === 'string' ? redactText(value, secrets) : value });
  }
  if (source.cause !== undefined && depth < CAUSE_DEPTH) copy.cause = redactCause(source.cause, secrets, depth + 1);
  return copy;
}
