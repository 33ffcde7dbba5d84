/**
 * One deploy record: what asked for it, its parameters, each step with timings and per-workload rollout state,
 * the hook runs around it with their output tails, and the actions: stop (while it runs) and roll back to it
 * (with a confirmation; the rollback is a new record, opened at once). Refreshes every 1.5 s until it finishes.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { FINAL_RECORD_STATES, type DeployRecordDetail, type RecordStep } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { recordSource } from '../components/record-table.tsx';
import { RolloutProgress } from '../components/rollout-progress.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { elapsed, formatTime, isoTime, recordKind, shortId } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { HookRunsSection } from './hook-runs.tsx';

export function RecordDetailPage({ id }: { id: string }): ReactNode {
  const [final, setFinal] = useState(false);
  const record = useApi((client) => client.records.get(id), [id], { pollMs: final ? null : 1500 });
  const r = record.data;
  const isFinal = r ? FINAL_RECORD_STATES.has(r.state) : false;
  useEffect(() => setFinal(isFinal), [isFinal]);
  const rollback = useAction((client) => client.records.rollback(id));
  const stop = useAction((client) => client.records.stop(id));
  // Stop and rollback are POST …/stop and …/rollback, both deploy: a viewer only reads the record.
  const canDeploy = useCan('deploy');
  return (
    <Page title={r ? `Deploy record ${shortId(r.id)}` : 'Deploy record'} actions={r && canDeploy && (
      <>
        {!isFinal && (
          <ConfirmButton label="Stop" title="Stop this record?" confirmLabel="Stop record"
            onConfirm={async () => { if ((await stop.run()).ok) record.reload(); }} disabled={r.stopRequested}>
            <p>The record stops between steps; a rollout already under way in the cluster is not undone.</p>
          </ConfirmButton>
        )}
        {isFinal && (
          <ConfirmButton label="Roll back" title="Roll back to this record?" confirmLabel="Roll back" danger
            onConfirm={async () => {
              const started = await rollback.run();
              if (started.ok) navigate(`/ui/records/${started.value.id}`);
            }}>
            <p>Capstan puts every workload this record changed back to the pod template the record left behind
              (images, environment, everything in the template), as a new rollback record.</p>
          </ConfirmButton>
        )}
      </>
    )}>
      <ProblemMessage error={record.error ?? rollback.error ?? stop.error} />
      {!r && !record.error && <Loading what="the record" />}
      {r && <RecordFacts record={r} />}
      {r && !isFinal && (
        <Section title="Progress"><RolloutProgress record={r} label="Progress of this record" /></Section>
      )}
      {r && r.params.length > 0 && (
        <Section title="Parameters">
          <DataTable caption="Parameters" rows={r.params} rowKey={(p) => p.key} columns={[
            { header: 'Name', cell: (p) => <code>{p.key}</code> },
            { header: 'Type', cell: (p) => p.type },
            { header: 'Value', cell: (p) => (p.type === 'encrypt' ? <span className="muted">(encrypted)</span> : <code>{p.value}</code>) },
          ]} />
        </Section>
      )}
      {r && (
        <Section title="Steps">
          <ol className="steps">{r.steps.map((step) => <StepItem key={step.index} step={step} />)}</ol>
        </Section>
      )}
      {r && r.changes.length > 0 && (
        <Section title="Changes">
          <DataTable caption="Changes made" rows={r.changes.flatMap((c) => c.containers.map((k) => ({ change: c, container: k })))}
            rowKey={({ change, container }) => `${change.stepIndex}/${change.namespace}/${change.kind}/${change.name}/${container.name}`} columns={[
              { header: 'Step', cell: ({ change }) => change.stepIndex + 1 },
              { header: 'Workload', cell: ({ change }) => <>{change.kind} <code>{change.namespace}/{change.name}</code></> },
              { header: 'Container', cell: ({ container }) => `${container.init ? 'init ' : ''}${container.name}` },
              { header: 'Image before', cell: ({ container }) => <code>{container.before ?? '—'}</code> },
              { header: 'Image after', cell: ({ container }) => <code>{container.after ?? '—'}</code> },
              { header: 'At', cell: ({ change }) => formatTime(change.at) },
            ]} />
          <p className="hint">Rolling back to this record puts these workloads' whole pod templates back as this record left them.</p>
        </Section>
      )}
      {r && <HookRunsSection recordId={r.id} live={!isFinal} />}
    </Page>
  );
}

function RecordFacts({ record: r }: { record: DeployRecordDetail }): ReactNode {
  return (
    <dl className="facts">
      <dt>State</dt><dd><StateBadge state={r.state} />{r.stopRequested && !FINAL_RECORD_STATES.has(r.state) ? ' (stop requested)' : ''}</dd>
      <dt>Type</dt><dd>{recordKind(r)}</dd>
      <dt>Source</dt><dd>{recordSource(r)}</dd>
      <dt>Job name</dt><dd><code>{r.jobName}</code></dd>
      <dt>Record id</dt><dd><code>{r.id}</code></dd>
      <dt>Started by</dt><dd>{r.createdBy?.name ?? r.origin}</dd>
      <dt>Created</dt><dd><time dateTime={isoTime(r.createdAt)}>{formatTime(r.createdAt)}</time></dd>
      <dt>Started</dt><dd>{formatTime(r.startedAt)}</dd>
      <dt>Finished</dt><dd>{formatTime(r.finishedAt)}</dd>
      <dt>Took</dt><dd>{elapsed(r.startedAt, r.finishedAt)}</dd>
      {!FINAL_RECORD_STATES.has(r.state) && <><dt>Deadline</dt><dd>{formatTime(r.deadlineAt)}</dd></>}
      {r.error && <><dt>Error</dt><dd className="error-text">{r.error}</dd></>}
    </dl>
  );
}

function StepItem({ step }: { step: RecordStep }): ReactNode {
  return (
    <li className="step">
      <div className="step-head">
        <strong>{step.index + 1}. {step.name}</strong>
        <span className="muted">{step.type}</span>
        <StateBadge state={step.state} />
        <span className="time">
          {step.startedAt ? `started ${formatTime(step.startedAt)}, took ${elapsed(step.startedAt, step.finishedAt)}` : 'not started'}
        </span>
      </div>
      {step.message && <p className="muted">{step.message}</p>}
      {step.workloads.length > 0 && (
        <ul className="workloads">
          {step.workloads.map((w) => (
            <li key={`${w.clusterId}/${w.namespace}/${w.kind}/${w.name}`}>
              {w.kind} <code>{w.namespace}/{w.name}</code> <StateBadge state={w.state} />
              {typeof w.desired === 'number' && <span className="muted"> {w.updated ?? 0}/{w.desired} updated, {w.ready ?? 0} ready</span>}
              {w.message && <span className="muted"> — {w.message}</span>}
              {w.warning && <p className="notice" role="note">{w.warning}</p>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
