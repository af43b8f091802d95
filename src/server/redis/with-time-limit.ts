/**
 * `promise`, or a rejection with `onTimeout()` once `ms` have passed, whichever comes first.
 * The timer is always cleared; a late rejection of `promise` is swallowed.
 */
export function withTimeLimit<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  promise.catch(() => {}); // settles after the deadline: nobody listens any more
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
