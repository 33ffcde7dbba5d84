/**
 * One page of a cursor-paginated list, with Previous/Next: the cursors of the pages seen so far are kept, so
 * Previous goes back exactly. Changing `deps` (a filter) starts again at the first page.
 */
import { useEffect, useState } from 'react';
import type { CapstanClient, Page, PageParams } from '../../../client/index.ts';
import { useApi, type Loaded } from './use-api.ts';

export interface Paged<T> extends Loaded<Page<T>> {
  readonly pageNumber: number;
  readonly hasNext: boolean;
  readonly hasPrevious: boolean;
  readonly next: () => void;
  readonly previous: () => void;
}

export function usePaged<T>(
  load: (client: CapstanClient, page: PageParams) => Promise<Page<T>>,
  deps: readonly unknown[],
  options: { pageSize?: number; pollMs?: number | null } = {},
): Paged<T> {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const key = JSON.stringify(deps);
  useEffect(() => { setCursors([null]); }, [key]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const loaded = useApi((client) => load(client, { limit: options.pageSize ?? 25, cursor }), [cursor, key], options);
  const nextCursor = loaded.data?.nextCursor ?? null;
  return {
    ...loaded,
    pageNumber: cursors.length,
    hasNext: nextCursor !== null,
    hasPrevious: cursors.length > 1,
    next: () => { if (nextCursor) setCursors((c) => [...c, nextCursor]); },
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}
