/** Deploy records in a table: state, what asked for it, progress while running, timings, error. */
import type { ReactNode } from 'react';
import type { DeployRecord } from '../../../client/index.ts';
import { elapsed, formatTime, recordKind, shortId } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { DataTable } from './data-table.tsx';
import { RolloutProgress } from './rollout-progress.tsx';
import { StateBadge } from './state-badge.tsx';

export function recordSource(r: DeployRecord): ReactNode {
  if (r.rollbackOfRecordId) return <>rollback of <Link to={`/ui/records/${r.rollbackOfRecordId}`}><code>{shortId(r.rollbackOfRecordId)}</code></Link></>;
  if (r.taskId) return <>task <Link to={`/ui/tasks/${r.taskId}`}><code>{shortId(r.taskId)}</code></Link>{r.releaseId !== null ? ` #${r.releaseId}` : ''}</>;
  if (r.triggerId) {
    const to = r.origin === 'image-push' ? `/ui/image-triggers/${r.triggerId}` : `/ui/triggers/${r.triggerId}`;
    return <>{r.origin === 'image-push' ? 'image push' : 'trigger'} <Link to={to}><code>{shortId(r.triggerId)}</code></Link></>;
  }
  return r.origin;
}

export function RecordTable({ records, caption }: { records: readonly DeployRecord[]; caption: string }): ReactNode {
  return (
    <DataTable<DeployRecord> caption={caption} rows={records} rowKey={(r) => r.id}
      rowClassName={(r) => (r.state === 'failed' ? 'row-failed' : r.state === 'running' ? 'row-running' : undefined)} columns={[
        { header: 'Record', cell: (r) => <Link to={`/ui/records/${r.id}`}><code>{shortId(r.id)}</code></Link> },
        { header: 'State', cell: (r) => <StateBadge state={r.state} /> },
        { header: 'Type', cell: recordKind },
        { header: 'Source', cell: recordSource },
        { header: 'Progress', cell: (r) => <RolloutProgress record={r} label={`Progress of record ${shortId(r.id)}`} /> },
        { header: 'Created', cell: (r) => formatTime(r.createdAt) },
        { header: 'Took', cell: (r) => elapsed(r.startedAt, r.finishedAt) },
        { header: 'Error', cell: (r) => r.error ?? '' },
      ]} />
  );
}
