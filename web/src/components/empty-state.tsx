import type { ReactNode } from 'react';

/** What a list shows when it has nothing yet: what the thing is and how to make the first one. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }): ReactNode {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
