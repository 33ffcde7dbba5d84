/**
 * Image-trigger firings: when, which tag, what was deployed where, and how the deploy record ended. The sort keys
 * are the API's `orderBy` values (ListTriggerLog's orderings): the caller asks the server, so sorting covers every
 * page, not only the one shown.
 */
import type { ReactNode } from 'react';
import type { TriggerLog } from '../../../client/index.ts';
import { formatTime, shortId } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { DataTable, type SortState } from './data-table.tsx';
import { StateBadge } from './state-badge.tsx';

export function TriggerLogTable({ logs, sort, onSort }: { logs: readonly TriggerLog[]; sort?: SortState; onSort?: (key: string) => void }): ReactNode {
  return (
    <DataTable<TriggerLog> caption="Trigger log" rows={logs} rowKey={(l) => l.id} sort={sort} onSort={onSort}
      rowClassName={(l) => (l.status === 'failed' ? 'row-failed' : l.status === 'pending' ? 'row-running' : undefined)} columns={[
        { header: 'Fired', sortKey: 'invokeTime', cell: (l) => formatTime(l.invokedAt) },
        { header: 'Trigger', sortKey: 'triggerName', cell: (l) => <Link to={`/ui/image-triggers/${l.triggerId}`}>{l.triggerName}</Link> },
        { header: 'Tag', sortKey: 'repoName', cell: (l) => <code>{l.repository}:{l.tag}</code> },
        { header: 'Deployed', cell: (l) => (l.image ? <code title={l.image}>{l.image.length > 60 ? `${l.image.slice(0, 60)}…` : l.image}</code> : '—') },
        { header: 'Target', cell: (l) => <code>{l.target.namespace}/{l.target.workloadName}:{l.target.containerName}</code> },
        { header: 'Status', cell: (l) => <StateBadge state={l.status} /> },
        { header: 'Result', cell: (l) => <span title={`returnCode ${l.result.returnCode}`}>{l.result.returnMsg}</span> },
        { header: 'Record', cell: (l) => (l.recordId ? <Link to={`/ui/records/${l.recordId}`}><code>{shortId(l.recordId)}</code></Link> : '—') },
      ]} />
  );
}
