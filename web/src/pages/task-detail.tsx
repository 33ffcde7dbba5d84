/**
 * One deploy task: the start form generated from its parameters, its declaration (parameters and steps), and its
 * runs (deploy records, newest first). Starting opens the new record's page.
 */
import type { ReactNode } from 'react';
import type { TaskParam } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ParamForm } from '../components/param-form.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { RecordTable } from '../components/record-table.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function TaskDetailPage({ id }: { id: string }): ReactNode {
  const task = useApi((client) => client.tasks.get(id), [id]);
  const runs = usePaged((client, page) => client.tasks.records(id, page), [id], { pollMs: 3000 });
  const start = useAction((client, params: Record<string, string>) => client.tasks.start(id, params));
  const remove = useAction((client) => client.tasks.delete(id));
  const t = task.data;
  // Deleting needs write (DELETE /api/v1/deploy-tasks/:id), starting needs deploy (POST …/start): a viewer gets
  // neither, a pipeline token only the start form.
  const canWrite = useCan('write');
  const canDeploy = useCan('deploy');
  return (
    <Page title={t ? `Deploy task ${t.name}` : 'Deploy task'} actions={t && canWrite && (
      <ConfirmButton label="Delete task" title={`Delete deploy task ${t.name}?`} confirmLabel="Delete" danger
        onConfirm={async () => { if ((await remove.run()).ok) navigate('/ui/tasks'); }}>
        <p>The task can no longer be started; its deploy records stay. Refused while it runs.</p>
      </ConfirmButton>
    )}>
      <ProblemMessage error={task.error ?? remove.error} />
      {!t && !task.error && <Loading what="the task" />}
      {t && (
        <>
          {t.description && <p>{t.description}</p>}
          {canDeploy && <Section title="Start">
            {t.state === 'Draft'
              ? <p className="notice">This task is a draft: make it Available to start it.</p>
              : <ParamForm params={t.params} steps={t.steps} busy={start.busy} onStart={(values) => {
                void start.run(values).then((r) => { if (r.ok) navigate(`/ui/records/${r.value.id}`); });
              }} />}
            <ProblemMessage error={start.error} />
          </Section>}
          <Section title="Declaration">
            <dl className="facts">
              <dt>State</dt><dd>{t.state}</dd>
              <dt>Who may start it</dt><dd>{t.triggerSource === '1' ? 'pipeline tokens only' : 'any token with deploy permission'}</dd>
              <dt>Timeout</dt><dd>{t.timeoutSeconds} s per run</dd>
              <dt>Task id</dt><dd><code>{t.id}</code></dd>
              <dt>Updated</dt><dd>{formatTime(t.updatedAt)}</dd>
            </dl>
            {t.params.length > 0 && (
              <DataTable<TaskParam> caption="Parameters" rows={t.params} rowKey={(p) => p.name} columns={[
                { header: 'Parameter', cell: (p) => <code>{p.name}</code> },
                { header: 'Type', cell: (p) => p.type },
                { header: 'Default', cell: (p) => <code>{p.value}</code> },
                { header: 'Allowed', cell: (p) => p.limits.join(', ') },
                { header: 'Description', cell: (p) => `${p.description}${p.static ? ' (fixed)' : ''}` },
              ]} />
            )}
            <ol className="steps">
              {t.steps.map((s, i) => (
                <li key={`${i}-${s.name}`} className="step">
                  <div className="step-head">
                    <strong>{i + 1}. {s.name}</strong><span className="muted">{s.type}</span>{!s.enabled && <span className="badge">disabled</span>}
                  </div>
                  <code className="muted">
                    {s.applicationId ? `application ${s.applicationId}` : `${s.clusterId ?? ''}/${s.namespace ?? ''}${s.workload ? `/${s.kind ?? ''}/${s.workload}` : ''}`}
                    {s.container ? ` container ${s.container}` : ''}{s.image ? ` → ${s.image}` : ''}
                  </code>
                </li>
              ))}
            </ol>
          </Section>
        </>
      )}
      <Section title="Runs">
        <ProblemMessage error={runs.error} />
        {runs.data && runs.data.items.length === 0 && <EmptyState title="Not started yet" />}
        {runs.data && runs.data.items.length > 0 && <RecordTable records={runs.data.items} caption="Runs of the task" />}
        <Pager label="Runs" pageNumber={runs.pageNumber} hasNext={runs.hasNext} hasPrevious={runs.hasPrevious} onNext={runs.next} onPrevious={runs.previous} />
      </Section>
    </Page>
  );
}
