/**
 * One trigger: what it redeploys, its hardening options, its invocation history (one deploy record per accepted
 * call, refreshed while any is still running), and deleting it (the URL stops working at once).
 */
import { useEffect, useState, type ReactNode } from 'react';
import { FINAL_RECORD_STATES, type Invocation } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { CopyOnce } from '../components/copy-once.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { CheckboxField, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { RolloutProgress } from '../components/rollout-progress.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { elapsed, formatTime, shortId } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';
import { hardening } from './triggers.tsx';

export function TriggerDetailPage({ id }: { id: string }): ReactNode {
  const trigger = useApi((client) => client.triggers.get(id), [id]);
  // Refresh quickly while a call is still running, slowly otherwise (new calls arrive from outside).
  const [active, setActive] = useState(true);
  const invocations = usePaged((client, page) => client.triggers.invocations(id, page), [id], { pollMs: active ? 2000 : 10_000 });
  const nowActive = invocations.data?.items.some((i) => !FINAL_RECORD_STATES.has(i.state)) ?? true;
  useEffect(() => setActive(nowActive), [nowActive]);
  const remove = useAction((client) => client.triggers.delete(id));
  const t = trigger.data;
  // Deleting and hardening (DELETE/PATCH /api/v1/triggers/:id) need write; the facts show the hardening to everyone.
  const canWrite = useCan('write');
  return (
    <Page title={t ? `Trigger ${t.name}` : 'Trigger'} actions={t && canWrite && (
      <ConfirmButton label="Delete trigger" title={`Delete trigger ${t.name}?`} confirmLabel="Delete" danger
        onConfirm={async () => { if ((await remove.run()).ok) navigate('/ui/triggers'); }}>
        <p>The trigger URL stops working at once. Its invocation history stays in the deploy records.</p>
      </ConfirmButton>
    )}>
      <ProblemMessage error={trigger.error ?? remove.error} />
      {!t && !trigger.error && <Loading what="the trigger" />}
      {t && (
        <dl className="facts">
          <dt>Redeploys</dt><dd>{t.type === 'application' ? 'every workload of application' : 'Deployment'} <code>{t.projectId}</code></dd>
          <dt>Cluster</dt><dd><Link to={`/ui/clusters/${encodeURIComponent(t.clusterId)}`}>{t.clusterId}</Link></dd>
          <dt>ACK id</dt><dd><code>{t.ackId}</code></dd>
          <dt>Hardening</dt><dd>{hardening(t)}</dd>
          <dt>Created</dt><dd>{formatTime(t.createdAt)}{t.createdBy ? ` by ${t.createdBy.name}` : ''}</dd>
          <dt>URL</dt><dd className="muted">Shown once, when the trigger was created. Delete and re-create the trigger to get a new one.</dd>
        </dl>
      )}
      {t && canWrite && <HardeningForm id={id} requireSignature={t.requireSignature} rateLimit={t.rateLimitPerMinute} onSaved={trigger.reload} />}
      <Section title="Invocations">
        <ProblemMessage error={invocations.error} />
        {!invocations.data && !invocations.error && <Loading what="invocations" />}
        {invocations.data && invocations.data.items.length === 0 && (
          <EmptyState title="Not called yet"><p>Each accepted call of the trigger URL appears here with the state of its redeploy.</p></EmptyState>
        )}
        {invocations.data && invocations.data.items.length > 0 && (
          <DataTable<Invocation> caption="Invocations" rows={invocations.data.items} rowKey={(i) => i.recordId}
            rowClassName={(i) => (i.state === 'failed' ? 'row-failed' : i.state === 'running' ? 'row-running' : undefined)} columns={[
              { header: 'Record', cell: (i) => <Link to={`/ui/records/${i.recordId}`}><code>{shortId(i.recordId)}</code></Link> },
              { header: 'State', cell: (i) => <StateBadge state={i.state} /> },
              { header: 'Progress', cell: (i) => <RolloutProgress record={i} label={`Progress of ${shortId(i.recordId)}`} /> },
              { header: 'Called', cell: (i) => formatTime(i.createdAt) },
              { header: 'Took', cell: (i) => elapsed(i.startedAt, i.finishedAt) },
              { header: 'Error', cell: (i) => i.error ?? '' },
            ]} />
        )}
        <Pager label="Invocations" pageNumber={invocations.pageNumber} hasNext={invocations.hasNext} hasPrevious={invocations.hasPrevious} onNext={invocations.next} onPrevious={invocations.previous} />
      </Section>
    </Page>
  );
}

function HardeningForm({ id, requireSignature, rateLimit, onSaved }: { id: string; requireSignature: boolean; rateLimit: number | null; onSaved: () => void }): ReactNode {
  const [sign, setSign] = useState(requireSignature);
  const [limit, setLimit] = useState(rateLimit === null ? '' : String(rateLimit));
  const [secret, setSecret] = useState<string | null>(null);
  const save = useAction((client) => client.triggers.update(id, { requireSignature: sign, rateLimitPerMinute: limit.trim() ? Number(limit) : null }));
  return (
    <Section title="Hardening">
      {secret && <CopyOnce label="New signing secret" value={secret} />}
      <form className="form-grid" onSubmit={(e) => {
        e.preventDefault();
        void save.run().then((r) => {
          if (!r.ok) return;
          if (r.value.signingSecret) setSecret(r.value.signingSecret);
          onSaved();
        });
      }}>
        <CheckboxField label="Require signed calls" checked={sign} onChange={setSign} />
        <TextField label="Rate limit (calls per minute)" type="number" value={limit} onChange={setLimit} hint="Empty: unlimited." />
        <div className="actions"><button type="submit" disabled={save.busy}>Save</button></div>
      </form>
      <ProblemMessage error={save.error} />
    </Section>
  );
}
