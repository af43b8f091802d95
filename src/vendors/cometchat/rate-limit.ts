/**
 * The wait CometChat's `X-Rate-Limit-Reset` asks for (epoch seconds when the window resets), in ms
 * from `now`; `undefined` when the header is missing or not a number of seconds. Read after
 * `Retry-After`, which wins when usable.
 */
export function cometChatRateLimitWait(headers: Headers, now: number): number | undefined {
  const reset = headers.get('x-rate-limit-reset')?.trim();
  return reset && /^\d{1,13}$/.test(reset) ? Number(reset) * 1000 - now : undefined;
}
