/** Waiting and deadlines, written once for every layer: `delay` and `withDeadline`. */

/**
 * Resolves after `ms`; rejects with the signal's reason at once when it is aborted (before or
 * during the wait). The timer and the listener are always released.
 * For a wait that should end quietly on abort: `delay(ms, signal).then(() => true, () => false)`.
 * @throws the signal's reason
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Options of {@link withDeadline}. */
export interface DeadlineOptions {
  /** The caller's signal: aborting it ends the work at once with its reason. */
  signal?: AbortSignal | undefined;
  /** The error the deadline rejects with. @default a `DOMException` named `TimeoutError`, as `AbortSignal.timeout` gives */
  reason?: (() => unknown) | undefined;
}

/**
 * Runs `run` under a deadline of `ms`: its result, or a rejection with the deadline's reason (or
 * the caller's abort reason) as soon as either comes first, even when the work ignores the
 * signal it is given (that signal is aborted with the same reason). The timer and listener are
 * always released; a late rejection of the abandoned work is swallowed.
 * @throws the deadline's reason, the caller's abort reason, or whatever `run` throws
 */
export function withDeadline<T>(
  run: (signal: AbortSignal) => PromiseLike<T> | T,
  ms: number,
  options: DeadlineOptions = {},
): Promise<T> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const end = (reason: unknown): void => {
      release();
      controller.abort(reason);
      reject(reason);
    };
    const onAbort = (): void => end(signal!.reason);
    const timer = setTimeout(
      () => end(options.reason ? options.reason() : new DOMException(`timed out after ${ms} ms`, 'TimeoutError')),
      ms,
    );
    const release = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let work: Promise<T>;
    try {
      work = Promise.resolve(run(controller.signal));
    } catch (error) {
      work = Promise.reject(error);
    }
    work.then(
      (value) => {
        release();
        resolve(value);
      },
      (error: unknown) => {
        release();
        reject(error);
      },
    );
  });
}
