/**
 * Redeploy triggers (ACK): the list, and creating one. The trigger URL is the credential and the server returns
 * it once, in the create answer: it is shown here with a copy button until the operator leaves the page.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CreatedTrigger, Trigger, TriggerType } from '../../../client/index.ts';
import { CopyOnce } from '../components/copy-once.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { CheckboxField, SelectField, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function TriggersPage(): ReactNode {
  const list = usePaged((client, page) => client.triggers.list(page), []);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedTrigger | null>(null);
  // Creating is POST /api/v1/triggers (write).
  const canWrite = useCan('write');
  return (
    <Page title="Redeploy triggers" actions={canWrite && <button type="button" className="primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Create trigger</button>}>
      {created && <CreatedTriggerNotice trigger={created} onDismiss={() => setCreated(null)} />}
      {canWrite && adding && <CreateTriggerForm onCancel={() => setAdding(false)} onCreated={(t) => { setCreated(t); setAdding(false); list.reload(); }} />}
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="triggers" />}
      {list.data && list.data.items.length === 0 && !created && (
        <EmptyState title="No triggers yet">
          <p>A trigger is a secret URL that redeploys a Deployment, or every workload of an application, when a CI job calls it.</p>
        </EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <DataTable<Trigger> caption="Triggers" rows={list.data.items} rowKey={(t) => t.id} columns={[
          { header: 'Name', cell: (t) => <Link to={`/ui/triggers/${t.id}`}>{t.name}</Link> },
          { header: 'Redeploys', cell: (t) => <>{t.type === 'application' ? 'application' : 'Deployment'} <code>{t.projectId}</code></> },
          { header: 'Cluster', cell: (t) => <Link to={`/ui/clusters/${encodeURIComponent(t.clusterId)}`}>{t.clusterId}</Link> },
          { header: 'Hardening', cell: (t) => hardening(t) },
          { header: 'Created', cell: (t) => formatTime(t.createdAt) },
        ]} />
      )}
      <Pager label="Triggers" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}

export function hardening(t: Trigger): string {
  const parts = [t.requireSignature ? 'signed calls' : null, t.rateLimitPerMinute ? `${t.rateLimitPerMinute}/min` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : '—';
}

function CreatedTriggerNotice({ trigger, onDismiss }: { trigger: CreatedTrigger; onDismiss: () => void }): ReactNode {
  return (
    <Section title={`Trigger ${trigger.name} created`} actions={<button type="button" onClick={onDismiss}>Done</button>}>
      <CopyOnce label="Trigger URL" value={trigger.url}
        note="Anyone with this URL can redeploy the target. It is shown only once: copy it into your CI secret store now. Delete the trigger to revoke it." />
      {trigger.signingSecret && <CopyOnce label="Signing secret" value={trigger.signingSecret} note="Calls must carry a Standard Webhooks signature made with this secret. Shown only once." />}
      <p>Call it with <code>curl -X POST '&lt;trigger URL&gt;'</code>. <Link to={`/ui/triggers/${trigger.id}`}>See its invocations</Link>.</p>
    </Section>
  );
}

function CreateTriggerForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (t: CreatedTrigger) => void }): ReactNode {
  const clusters = useApi((client) => client.listClusters({ limit: 200 }), []);
  const apps = useApi((client) => client.listApplications({ limit: 200 }), []);
  const [type, setType] = useState<TriggerType>('deployment');
  const [clusterId, setClusterId] = useState('');
  const [namespace, setNamespace] = useState('default');
  const [target, setTarget] = useState('');
  const [appId, setAppId] = useState('');
  const [name, setName] = useState('');
  const [requireSignature, setRequireSignature] = useState(false);
  const [rateLimit, setRateLimit] = useState('');
  const cluster = clusterId || clusters.data?.items[0]?.id || '';
  const app = apps.data?.items.find((a) => a.id === appId) ?? apps.data?.items[0];
  const create = useAction((client) => client.triggers.create({
    type,
    ...(type === 'application' && app
      ? { clusterId: app.clusterId, namespace: app.namespace, target: app.name }
      : { clusterId: cluster, namespace: namespace.trim(), target: target.trim() }),
    ...(name.trim() ? { name: name.trim() } : {}),
    ...(requireSignature ? { requireSignature } : {}),
    ...(rateLimit.trim() ? { rateLimitPerMinute: Number(rateLimit) } : {}),
  }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run();
    if (result.ok) onCreated(result.value);
  };
  return (
    <Section title="Create a trigger">
      <ProblemMessage error={clusters.error ?? apps.error} />
      <form className="form" onSubmit={(e) => { void submit(e); }}>
        <SelectField label="Redeploys" value={type} onChange={(v) => setType(v as TriggerType)}
          options={[{ value: 'deployment', label: 'One Deployment' }, { value: 'application', label: 'Every workload of an application' }]} />
        {type === 'deployment' ? (
          <>
            <SelectField label="Cluster" value={cluster} onChange={setClusterId} required
              options={(clusters.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))} />
            <TextField label="Namespace" value={namespace} onChange={setNamespace} required name="namespace" />
            <TextField label="Deployment" value={target} onChange={setTarget} required name="target" hint="The Deployment's name in that namespace." />
          </>
        ) : (
          <SelectField label="Application" value={app?.id ?? ''} onChange={setAppId} required
            options={(apps.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.clusterId}/${a.namespace})` }))} />
        )}
        <TextField label="Trigger name" value={name} onChange={setName} name="name" hint="Optional; default <target>-redeploy-<id>." />
        <CheckboxField label="Require signed calls" checked={requireSignature} onChange={setRequireSignature}
          hint="Calls must also carry a Standard Webhooks signature; the secret is shown once after creation." />
        <TextField label="Rate limit (calls per minute)" type="number" value={rateLimit} onChange={setRateLimit} name="rateLimit" hint="Optional; empty means unlimited." />
        <ProblemMessage error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>{create.busy ? 'Creating…' : 'Create trigger'}</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Section>
  );
}
