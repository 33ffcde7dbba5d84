/**
 * An image trigger's "Quarantined images": what rollbacks took away from the trigger (a push of that digest, or of
 * that tag when the push had no digest, does not fire it), which record was rolled back and by which rollback, who,
 * when, how many pushes it held back; each with a Release button (confirmed) that lets pushes of it fire again.
 */
import type { ReactNode } from 'react';
import type { QuarantineEntry } from '../../../client/index.ts';
import { formatTime, isoTime, shortId } from '../lib/format.ts';
import { useCan } from '../lib/api-context.tsx';
import { Link } from '../lib/router.tsx';
import { useAction } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { DataTable } from './data-table.tsx';
import { EmptyState } from './empty-state.tsx';
import { Section } from './page.tsx';
import { Pager } from './pager.tsx';
import { ProblemMessage } from './problem-message.tsx';

const subjectOf = (e: QuarantineEntry): string => (e.matchBy === 'digest' ? (e.digest ?? e.tag) : `tag ${e.tag}`);
const shortSubject = (e: QuarantineEntry): string => (e.matchBy === 'digest' && e.digest ? `${e.digest.slice(0, 19)}…` : `tag ${e.tag}`);

export function QuarantinedImages({ triggerId }: { triggerId: string }): ReactNode {
  const list = usePaged((client, page) => client.imageTriggers.quarantine(triggerId, page), [triggerId], { pageSize: 10, pollMs: 5000 });
  const release = useAction((client, entryId: string) => client.imageTriggers.releaseQuarantine(triggerId, entryId));
  const items = list.data?.items ?? [];
  // Releasing is DELETE …/quarantine/:entryId, which needs deploy: a viewer sees the list without the column.
  const canDeploy = useCan('deploy');
  return (
    <Section title="Quarantined images">
      <p className="hint">Rolling back past an image this trigger deployed quarantines it here: pushes of it do not fire the trigger until released.</p>
      <ProblemMessage error={list.error ?? release.error} />
      {list.data && items.length === 0 && <EmptyState title="Nothing quarantined" />}
      {items.length > 0 && (
        <DataTable<QuarantineEntry> caption="Quarantined images" rows={items} rowKey={(e) => e.id} columns={[
          { header: 'Image', cell: (e) => <code title={e.image ?? subjectOf(e)}>{e.repository}:{e.tag} <span className="hint">{shortSubject(e)}</span></code> },
          { header: 'Rolled back', cell: (e) => <Link to={`/ui/records/${e.recordId}`}><code>{shortId(e.recordId)}</code></Link> },
          { header: 'By rollback', cell: (e) => <Link to={`/ui/records/${e.rollbackRecordId}`}><code>{shortId(e.rollbackRecordId)}</code></Link> },
          { header: 'Who', cell: (e) => e.createdBy?.name ?? '—' },
          { header: 'When', cell: (e) => <time dateTime={isoTime(e.createdAt)}>{formatTime(e.createdAt)}</time> },
          { header: 'Held back', cell: (e) => (e.heldCount === 0 ? 'no pushes yet' : `${e.heldCount} push${e.heldCount === 1 ? '' : 'es'}, last ${formatTime(e.lastHeldAt)}`) },
          ...(canDeploy ? [{
            header: 'Actions', cell: (e: QuarantineEntry) => (
              <ConfirmButton label="Release" title={`Release ${subjectOf(e)}?`} confirmLabel="Release"
                onConfirm={async () => { if ((await release.run(e.id)).ok) list.reload(); }}>
                <p>Pushes of <code>{subjectOf(e)}</code> fire this trigger again. Pushes held back so far are not replayed; the next delivery or poll of it deploys it.</p>
              </ConfirmButton>
            ),
          }] : []),
        ]} />
      )}
      <Pager label="Quarantined images" pageNumber={list.pageNumber} hasPrevious={list.hasPrevious} hasNext={list.hasNext} onPrevious={list.previous} onNext={list.next} />
    </Section>
  );
}
