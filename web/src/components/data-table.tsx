/**
 * A plain table of rows with a caption for screen readers. Columns may be sortable: their header becomes a button
 * and carries aria-sort; sorting itself is the caller's (the server sorts the trigger log, the page sorts the rest).
 */
import type { ReactNode } from 'react';

export interface Column<T> {
  readonly header: string;
  readonly cell: (row: T) => ReactNode;
  /** Sort key this column sorts by, when sortable. */
  readonly sortKey?: string;
  readonly className?: string;
}

export interface SortState {
  readonly key: string;
  readonly direction: 'asc' | 'desc';
}

export function DataTable<T>(props: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  sort?: SortState;
  onSort?: (key: string) => void;
  rowClassName?: (row: T) => string | undefined;
}): ReactNode {
  const { caption, columns, rows, rowKey, sort, onSort, rowClassName } = props;
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const sorted = column.sortKey !== undefined && sort?.key === column.sortKey;
              const ariaSort = sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={column.header} scope="col" aria-sort={ariaSort} className={column.className}>
                  {column.sortKey !== undefined && onSort ? (
                    <button type="button" className="sort" onClick={() => onSort(column.sortKey!)}>
                      {column.header}<span aria-hidden="true">{sorted ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
                    </button>
                  ) : column.header}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((column) => <td key={column.header} className={column.className}>{column.cell(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Sorts rows in the page by a key's value (strings by locale, numbers and dates numerically). */
export function sortRows<T>(rows: readonly T[], sort: SortState | undefined, value: (row: T, key: string) => string | number | null): T[] {
  if (!sort) return [...rows];
  const factor = sort.direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a, sort.key);
    const y = value(b, sort.key);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * factor;
  });
}

export function nextSort(current: SortState | undefined, key: string): SortState {
  if (current?.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: 'desc' };
}
