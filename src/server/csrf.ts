/**
 * Whether a request that changes state (marking a conversation read) may have come from the
 * page it claims: browsers mark another site's request with `Sec-Fetch-Site: cross-site` (or
 * `same-site` for a sibling subdomain, which is also someone else's code), and older ones at least
 * send `Origin`. Allowed: an `Origin` that is the request's own origin or one of `allowedOrigins`;
 * else `Sec-Fetch-Site: same-origin` or `none` (typed in the address bar); else no `Origin` and no
 * `Sec-Fetch-Site` at all (not a browser: curl, a server). Refused: everything else, including
 * `Origin: null` — as the frameworks' CSRF guards do.
 */
export function isSameOriginRequest(request: Request, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.get('origin');
  if (origin !== null && (allowedOrigins.has(origin) || origin === new URL(request.url).origin)) return true;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  return origin === null;
}

/**
 * Checks the `allowedOrigins` option: origins such as `https://shop.example` (scheme, host, port;
 * no path). Returns them as a set.
 * @throws {TypeError} naming the option and the bad entry
 */
export function allowedOriginsOf(value: unknown, where: string): ReadonlySet<string> {
  if (value === undefined) return new Set();
  if (!Array.isArray(value))
    throw new TypeError(`${where}: "allowedOrigins" must be an array of origins like "https://shop.example"`);
  return new Set(
    value.map((item: unknown) => {
      let origin: string | undefined;
      try {
        origin = typeof item === 'string' ? new URL(item).origin : undefined;
      } catch {
        origin = undefined;
      }
      if (origin === undefined || origin === 'null' || origin !== item) {
        throw new TypeError(
          `${where}: "allowedOrigins" must hold origins like "https://shop.example" (no path or trailing slash), got ${JSON.stringify(String(item)).slice(0, 60)}`,
        );
      }
      return origin;
    }),
  );
}
