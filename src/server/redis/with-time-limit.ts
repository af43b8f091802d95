import { withDeadline } from '../../core/abort.js';

/**
 * `promise`, or a rejection with `onTimeout()` once `ms` have passed, whichever comes first
 * (`withDeadline` of `core/abort.ts`). The timer is always cleared; a late rejection of `promise` is swallowed.
 */
export function withTimeLimit<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  promise.catch(() => {}); // settles after the deadline: nobody listens any more
  return withDeadline(() => promise, ms, { reason: onTimeout });
}
