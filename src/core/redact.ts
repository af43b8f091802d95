/**
 * Keeping secrets out of everything an error carries: text, bodies, headers and causes.
 *
 * A secret is replaced as a whole value, never inside a word: with the API key `any`,
 * a vendor's "Too many requests" stays intact while `apikey: any` becomes
 * `apikey: [redacted]`. A secret of {@link SUBSTRING_LENGTH} characters or more is
 * replaced wherever it occurs, even glued to other text, since no ordinary word holds it.
 * Each secret is also looked for in the forms a server may echo it in: JSON-escaped,
 * URL-encoded, base64 on its own, and inside `Basic <base64 of user:password>`.
 */

const REDACTED = '[redacted]';

/** From this length on a secret is replaced even inside a longer word. */
export const SUBSTRING_LENGTH = 16;

/** A character that continues a word: letters, digits and `_` (any script). */
const WORD = /[\p{L}\p{N}_]/u;

function isWord(char: string | undefined): boolean {
  return char !== undefined && WORD.test(char);
}

function base64(secret: string): string {
  const bytes = new TextEncoder().encode(secret);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Every form a secret may take in text a server sends back: as is, JSON-escaped, URL-encoded, base64. */
function forms(secret: string): string[] {
  const escaped = JSON.stringify(secret).slice(1, -1);
  let encoded = secret;
  try {
    encoded = encodeURIComponent(secret);
  } catch {
    // a lone surrogate: no URL form
  }
  let encoded64 = secret;
  try {
    encoded64 = base64(secret);
  } catch {
    // not encodable
  }
  return [...new Set([secret, escaped, encoded, encoded64])];
}

/** Whether the text just before `index` ends an escape (`%3D`, `\n`, `\u00e9`), so a word may start at `index`. */
function afterEscape(text: string, index: number): boolean {
  if (index >= 3 && text[index - 3] === '%' && /^[0-9a-f]{2}$/i.test(text.slice(index - 2, index))) return true;
  if (index >= 2 && text[index - 2] === '\\' && 'nrtbf/"\\'.includes(text[index - 1]!)) return true;
  return (
    index >= 6 &&
    text[index - 6] === '\\' &&
    text[index - 5] === 'u' &&
    /^[0-9a-f]{4}$/i.test(text.slice(index - 4, index))
  );
}

/** Whether `form` found at `index` stands as a whole value (not inside a word). */
function wholeAt(text: string, form: string, index: number): boolean {
  const end = index + form.length;
  const startOk = !isWord(form[0]) || !isWord(text[index - 1]) || afterEscape(text, index);
  const endOk = !isWord(form[form.length - 1]) || !isWord(text[end]);
  return startOk && endOk;
}

/** `text` with every whole occurrence of `form` replaced (every occurrence when `anywhere`); linear in the text. */
function replaceForm(text: string, form: string, anywhere: boolean): string {
  let index = text.indexOf(form);
  if (index === -1) return text;
  let out = '';
  let from = 0;
  while (index !== -1) {
    if (anywhere || wholeAt(text, form, index)) {
      out += text.slice(from, index) + REDACTED;
      from = index + form.length;
      index = text.indexOf(form, from);
    } else {
      index = text.indexOf(form, index + 1);
    }
  }
  return out + text.slice(from);
}

/** Whether a decoded `user:password` pair holds a secret as one of its parts (or anywhere, for a long one). */
function holdsSecret(decoded: string, secrets: readonly string[]): boolean {
  return secrets.some(
    (secret) =>
      secret &&
      (decoded.split(':').includes(secret) || (secret.length >= SUBSTRING_LENGTH && decoded.includes(secret))),
  );
}

/** `Basic <credentials>` values whose decoded `user:password` holds a secret, replaced. */
function redactBasic(text: string, secrets: readonly string[]): string {
  if (!/basic/i.test(text)) return text;
  return text.replace(/(\bBasic\s+)([A-Za-z0-9+/_-]+={0,2})/gi, (whole, prefix: string, credentials: string) => {
    let decoded: string;
    try {
      decoded = new TextDecoder().decode(
        Uint8Array.from(atob(credentials.replace(/-/g, '+').replace(/_/g, '/')), (char) => char.charCodeAt(0)),
      );
    } catch {
      return whole;
    }
    return holdsSecret(decoded, secrets) ? prefix + REDACTED : whole;
  });
}

/**
 * `text` with every secret replaced as a whole value, in each of its forms (as is,
 * JSON-escaped, URL-encoded, base64, inside `Basic` credentials); text around it is
 * never altered. Linear in the text's length per secret form.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = redactBasic(text, secrets);
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of forms(secret))
      if (out.includes(form)) out = replaceForm(out, form, form.length >= SUBSTRING_LENGTH);
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
    if (typeof value === 'string' || typeof value === 'number')
      Object.assign(copy, { [key]: typeof value === 'string' ? redactText(value, secrets) : value });
  }
  if (source.cause !== undefined && depth < CAUSE_DEPTH) copy.cause = redactCause(source.cause, secrets, depth + 1);
  return copy;
}
