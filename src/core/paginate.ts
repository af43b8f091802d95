import { ApiError, RepeatedPageError, type PageCursor } from './errors.js';
import { integer } from './validate.js';

/** How to walk one paginated operation. */
export interface PageWalk<Page, Item> {
  provider: string;
  operation: string;
  /** Fetches one page; `signal` is aborted when the walk ends early. */
  fetchPage(pageNumber: number, signal: AbortSignal): Promise<Page>;
  firstPage: number;
  itemsOf(page: Page): readonly Item[];
  /** An item's identity (its id), to notice a server that sends the same page again. */
  keyOf(item: Item): unknown;
  /** Whether `page` is the last one (e.g. shorter than the page size). */
  isLast(page: Page, items: readonly Item[]): boolean;
  /** Stops once this many items were fetched. */
  maxItems?: number | undefined;
  /** The caller's signal: aborting it stops the walk with its reason. */
  signal?: AbortSignal | undefined;
}

/** Marks an error with the page it ended the walk at, so the caller can resume there. */
function atPage(error: unknown, cursor: PageCursor): unknown {
  if (error instanceof ApiError && error.page === undefined)
    Object.defineProperty(error, 'page', { value: cursor, enumerable: true });
  return error;
}

/** The page's item keys as one string; `undefined` when they cannot be written (then no comparison is made). */
function fingerprint<Item>(items: readonly Item[], keyOf: (item: Item) => unknown): string | undefined {
  try {
    return JSON.stringify(items.map(keyOf));
  } catch {
    return undefined;
  }
}

/**
 * Yields pages in order, fetching the next page while the caller consumes the
 * current one (one ahead, never more). Leaving the loop early aborts the
 * prefetch; its failure is then ignored. An error carries `page` (`pageNumber`,
 * `itemsYielded`): the same walk started at that page resumes exactly there.
 * @throws {RepeatedPageError} when a page holds the same items as the one before it
 */
export async function* walkPages<Page, Item>(walk: PageWalk<Page, Item>): AsyncGenerator<Page, void, undefined> {
  const controller = new AbortController();
  const forward = (): void => controller.abort(walk.signal?.reason);
  walk.signal?.addEventListener('abort', forward, { once: true });
  if (walk.signal?.aborted) forward();
  const fetchPage = (pageNumber: number): Promise<Page> => {
    const pending = walk.fetchPage(pageNumber, controller.signal);
    pending.catch(() => undefined); // a prefetch the caller never awaits must not be an unhandled rejection
    return pending;
  };
  let pageNumber = walk.firstPage;
  let yielded = 0;
  let previous: string | undefined;
  let next: Promise<Page> | undefined = fetchPage(pageNumber);
  try {
    while (next) {
      let page: Page;
      try {
        page = await next;
      } catch (error) {
        next = undefined;
        throw atPage(error, { pageNumber, itemsYielded: yielded });
      }
      const items = walk.itemsOf(page);
      const current = items.length ? fingerprint(items, walk.keyOf) : undefined;
      if (current !== undefined && current === previous) {
        next = undefined;
        const details = { provider: walk.provider, operation: walk.operation };
        const message = `${walk.operation}: page ${pageNumber} repeats page ${pageNumber - 1} (the server ignores the page number); stopped instead of yielding duplicates`;
        throw atPage(new RepeatedPageError(details, message), { pageNumber, itemsYielded: yielded });
      }
      previous = current;
      const done: boolean =
        items.length === 0 ||
        walk.isLast(page, items) ||
        (walk.maxItems !== undefined && yielded + items.length >= walk.maxItems);
      next = done ? undefined : fetchPage(pageNumber + 1);
      yield page;
      yielded += items.length;
      pageNumber++;
    }
  } finally {
    walk.signal?.removeEventListener('abort', forward);
    if (next) controller.abort(new Error('pagination stopped early'));
  }
}

/** Yields the items of `pages` one by one, at most `maxItems` of them. */
export async function* flattenPages<Page, Item>(
  pages: AsyncIterable<Page>,
  itemsOf: (page: Page) => readonly Item[],
  maxItems = Number.POSITIVE_INFINITY,
): AsyncGenerator<Item, void, undefined> {
  let count = 0;
  for await (const page of pages) {
    for (const item of itemsOf(page)) {
      yield item;
      if (++count >= maxItems) return;
    }
  }
}

/** `maxItems` checked: a positive integer, or undefined. */
export function checkMaxItems(value: unknown, where: string): number | undefined {
  return value === undefined ? undefined : integer(value, 'maxItems', where, 1);
}
