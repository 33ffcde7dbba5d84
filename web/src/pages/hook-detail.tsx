/** One execution hook: what it runs and when, the containers it would run in now (read live), editing, deleting. */
import { useState, type ReactNode } from 'react';
import type { HookTarget } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { HookForm, criteriaText } from './hooks.tsx';

export function HookDetailPage({ id }: { id: string }): ReactNode {
  const hook = useApi((client) => client.hooks.get(id), [id]);
  const remove = useAction((client) => client.hooks.delete(id));
  const [editing, setEditing] = useState(false);
  const h = hook.data;
  // Editing and deleting are PUT/DELETE /api/v1/execution-hooks/:id (write).
  const canWrite = useCan('write');
  const editable = h?.hookType !== 'netapp' && canWrite;
  return (
    <Page title={h ? `Hook ${h.name}` : 'Hook'} actions={h && editable && (
      <>
        <button type="button" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>Edit</button>
        <ConfirmButton label="Delete hook" title={`Delete hook ${h.name}?`} confirmLabel="Delete" danger
          onConfirm={async () => { if ((await remove.run()).ok) navigate('/ui/hooks'); }}>
          <p>It stops running from the next action; its past runs stay on their records.</p>
        </ConfirmButton>
      </>
    )}>
      <ProblemMessage error={hook.error ?? remove.error} />
      {!h && !hook.error && <Loading what="the hook" />}
      {h && editing && (
        <Section title="Edit hook"><HookForm hook={h} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); hook.reload(); }} /></Section>
      )}
      {h && (
        <dl className="facts">
          <dt>Runs</dt><dd>{h.stage} {h.action}</dd>
          <dt>Application</dt><dd>{h.applicationId ? <Link to={`/ui/apps/${h.applicationId}`}>{h.applicationId}</Link> : 'every application (provided hook)'}</dd>
          <dt>Containers</dt><dd><code>{criteriaText(h.matchingCriteria)}</code></dd>
          <dt>Arguments</dt><dd>{h.arguments.length > 0 ? h.arguments.map((a, i) => <code key={i}>{a} </code>) : '—'}</dd>
          <dt>When it fails</dt><dd>{h.failureMode === 'hard' ? 'the action fails' : 'recorded, the action goes on'}</dd>
          <dt>Timeout</dt><dd>{h.timeoutSeconds === null ? 'server default' : `${h.timeoutSeconds} s`}</dd>
          <dt>State</dt><dd><StateBadge state={h.enabled ? 'enabled' : 'disabled'} /></dd>
          <dt>Updated</dt><dd>{formatTime(h.updatedAt)}</dd>
        </dl>
      )}
      {h && (
        <Section title="Containers it would run in now" actions={<button type="button" onClick={hook.reload} disabled={hook.loading}>Refresh</button>}>
          {h.matches === null && <p className="problem" role="alert">The application's cluster cannot be reached, so the matching containers are unknown.</p>}
          {h.matches && h.matches.containers.length === 0 && (
            <EmptyState title="No container matches now"><p>A run then records "no container matched" instead of running the script.</p></EmptyState>
          )}
          {h.matches && h.matches.containers.length > 0 && (
            <DataTable<HookTarget> caption="Matching containers" rows={h.matches.containers} rowKey={(c) => `${c.namespace}/${c.podName}/${c.containerName}`} columns={[
              { header: 'Namespace', cell: (c) => c.namespace },
              { header: 'Pod', cell: (c) => c.podName },
              { header: 'Container', cell: (c) => c.containerName },
              { header: 'Image', cell: (c) => <code>{c.containerImage}</code> },
            ]} />
          )}
        </Section>
      )}
    </Page>
  );
}
