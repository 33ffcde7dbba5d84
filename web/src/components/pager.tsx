import type { ReactNode } from 'react';

/** Previous/next buttons of a cursor-paginated list. */
export function Pager({ pageNumber, hasPrevious, hasNext, onPrevious, onNext, label }: {
  pageNumber: number; hasPrevious: boolean; hasNext: boolean; onPrevious: () => void; onNext: () => void; label: string;
}): ReactNode {
  if (!hasPrevious && !hasNext) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={!hasPrevious} onClick={onPrevious}>Previous</button>
      <span aria-live="polite">Page {pageNumber}</span>
      <button type="button" disabled={!hasNext} onClick={onNext}>Next</button>
    </nav>
  );
}
