/**
 * One image trigger: what it watches and sets, changing its condition (with the live preview), its recent firings,
 * the images rollbacks quarantined for it (with Release), deleting it.
 */
import { useState, type ReactNode } from 'react';
import { INVOKE_METHODS, type ImageTrigger, type InvokeMethod } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { DowngradeGuardToggle } from '../components/downgrade-guard-toggle.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { QuarantinedImages } from '../components/quarantined-images.tsx';
import { TagPreview } from '../components/tag-preview.tsx';
import { TriggerLogTable } from '../components/trigger-log-table.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { METHOD_LABELS, conditionText } from './image-triggers.tsx';

export function ImageTriggerDetailPage({ id }: { id: string }): ReactNode {
  const trigger = useApi((client) => client.imageTriggers.get(id), [id]);
  const logs = useApi((client) => client.imageTriggers.logs({ triggerId: id, limit: 10 }), [id], { pollMs: 5000 });
  const remove = useAction((client) => client.imageTriggers.delete(id));
  const t = trigger.data;
  // Deleting, the condition and the downgrade guard are DELETE/PATCH /api/v1/image-triggers/:id (write); the facts
  // show both settings to everyone.
  const canWrite = useCan('write');
  return (
    <Page title={t ? `Image trigger ${t.name}` : 'Image trigger'} actions={t && canWrite && (
      <ConfirmButton label="Delete image trigger" title={`Delete image trigger ${t.name}?`} confirmLabel="Delete" danger
        onConfirm={async () => { if ((await remove.run()).ok) navigate('/ui/image-triggers'); }}>
        <p>Pushes stop firing it. Its trigger log stays.</p>
      </ConfirmButton>
    )}>
      <ProblemMessage error={trigger.error ?? remove.error} />
      {!t && !trigger.error && <Loading what="the image trigger" />}
      {t && (
        <dl className="facts">
          <dt>Repository</dt><dd><code>{t.registryHost ? `${t.registryHost}/` : '(any host)/'}{t.repository}</code></dd>
          <dt>Fires for</dt><dd><code>{conditionText(t.condition)}</code></dd>
          <dt>Sets</dt><dd>container <code>{t.containerName}</code> of {t.workloadKind} <code>{t.namespace}/{t.workloadName}</code> on <Link to={`/ui/clusters/${encodeURIComponent(t.clusterId)}`}>{t.clusterId}</Link></dd>
          <dt>Digest pinning</dt><dd>{t.pinDigest ? 'repo:tag@sha256:… when the push carries a digest' : 'off (repo:tag)'}</dd>
          <dt>Downgrades</dt><dd>{t.allowDowngrade ? 'allowed: every matching push deploys' : 'skipped: an older semantic version than the running one is not deployed'}</dd>
          <dt>Updated</dt><dd>{formatTime(t.updatedAt)}</dd>
        </dl>
      )}
      {t && canWrite && <ConditionEditor key={t.updatedAt} trigger={t} onSaved={trigger.reload} />}
      {t && canWrite && <DowngradeGuardToggle key={`downgrade-${t.updatedAt}`} trigger={t} onSaved={trigger.reload} />}
      <Section title="Recent firings" actions={<Link to={`/ui/trigger-logs?trigger=${id}`}>Full log</Link>}>
        <ProblemMessage error={logs.error} />
        {logs.data && logs.data.items.length === 0 && <EmptyState title="Not fired yet" />}
        {logs.data && logs.data.items.length > 0 && <TriggerLogTable logs={logs.data.items} />}
      </Section>
      <QuarantinedImages triggerId={id} />
    </Page>
  );
}

function ConditionEditor({ trigger, onSaved }: { trigger: ImageTrigger; onSaved: () => void }): ReactNode {
  const [method, setMethod] = useState<InvokeMethod>(trigger.condition.method);
  const [expr, setExpr] = useState(trigger.condition.expr);
  const save = useAction((client) => client.imageTriggers.update(trigger.id, { condition: { method, expr: method === 'all' ? '' : expr } }));
  const changed = method !== trigger.condition.method || expr !== trigger.condition.expr;
  return (
    <Section title="Condition">
      <form className="form" onSubmit={(e) => { e.preventDefault(); void save.run().then((r) => { if (r.ok) onSaved(); }); }}>
        <SelectField label="Fire for" value={method} onChange={(v) => setMethod(v as InvokeMethod)}
          options={INVOKE_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))} />
        {method !== 'all' && <TextField label={method === 'taglist' ? 'Tags' : 'Pattern'} value={expr} onChange={setExpr} required />}
        <TagPreview repository={trigger.repository} method={method} expr={method === 'all' ? '' : expr} />
        <ProblemMessage error={save.error} />
        <div className="actions"><button type="submit" disabled={!changed || save.busy}>Save condition</button></div>
      </form>
    </Section>
  );
}
