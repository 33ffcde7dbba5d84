/**
 * `--limit N` on a list: the first N items in server order, fetched a page of at most 200 (the server's largest)
 * at a time, and no page more than needed.
 */
import type { Page, PageParams } from '../client/index.ts';

export async function firstItems<T>(max: number, fetchPage: (page: { limit: number } & PageParams) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await fetchPage({ limit: Math.min(200, max - items.length), ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < max);
  return items.slice(0, max);
}
