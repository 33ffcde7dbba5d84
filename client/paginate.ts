import type { Page, PageParams } from './types.ts';

/**
 * Walks every page of a list endpoint, yielding items in server order, and stops when `nextCursor` is null.
 * Pages are fetched lazily: breaking out of the loop stops fetching. Errors of a page fetch propagate unchanged.
 *
 *   for await (const token of paginate((page) => client.listTokens(page))) …
 */
export async function* paginate<T>(
  fetchPage: (page: PageParams) => Promise<Page<T>>,
  options: { pageSize?: number } = {},
): AsyncGenerator<T, void, undefined> {
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage({ ...(options.pageSize ? { limit: options.pageSize } : {}), ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** Every item of every page, in order (for lists a caller wants whole). */
export async function allItems<T>(fetchPage: (page: PageParams) => Promise<Page<T>>, options: { pageSize?: number } = {}): Promise<T[]> {
  const items: T[] = [];
  for await (const item of paginate(fetchPage, options)) items.push(item);
  return items;
}
