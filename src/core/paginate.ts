import { integer } from './validate.js';

/** How to walk one paginated operation. */
export interface PageWalk<Page, Item> {
  /** Fetches one page; `signal` is aborted when the walk ends early. */
  fetchPage(pageNumber: number, signal: AbortSignal): Promise<Page>;
  firstPage: number;
  itemsOf(page: Page): readonly Item[];
  /** Whether `page` is the last one (e.g. shorter than the page size). */
  isLast(page: Page, items: readonly Item[]): boolean;
  /** Stops once this many items were fetched. */
  maxItems?: number | undefined;
  /** The caller's signal: aborting it stops the walk with its reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Yields pages in order, fetching the next page while the caller consumes the
 * current one (one ahead, never more). Leaving the loop early aborts the
 * prefetch; its failure is then ignored.
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
  let fetched = 0;
  let next: Promise<Page> | undefined = fetchPage(pageNumber);
  try {
    while (next) {
      const page: Page = await next;
      const items = walk.itemsOf(page);
      fetched += items.length;
      const done: boolean = items.length === 0 || walk.isLast(page, items) || (walk.maxItems !== undefined && fetched >= walk.maxItems);
      next = done ? undefined : fetchPage(++pageNumber);
      yield page;
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
