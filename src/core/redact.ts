const REDACTED = '[redacted]';

/** `text` with every secret replaced. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A copy of a parsed JSON value with every secret replaced in its strings (keys included). */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [redactText(key, secrets), redactValue(item, secrets)]),
    );
  }
  return value;
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

/** An error safe to keep as a `cause`: the original, or a plain copy when its text holds a secret. */
export function redactError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactText(error, secrets) : error;
  const text = `${error.message}\n${error.stack ?? ''}\n${String((error as { cause?: unknown }).cause ?? '')}`;
  if (redactText(text, secrets) === text) return error;
  const copy = new Error(redactText(error.message, secrets));
  copy.name = error.name;
  copy.stack = redactText(error.stack ?? '', secrets);
  return copy;
}
