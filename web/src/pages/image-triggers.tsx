/**
 * Image triggers (Tencent CCR/TCR): the list, and creating one with its condition previewed live against the
 * repository's recent tags.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { INVOKE_METHODS, WORKLOAD_KINDS, type ImageTrigger, type InvokeMethod, type WorkloadKind } from '../../../client/index.ts';
import { DataTable } from '../components/data-table.tsx';
import { ALLOW_DOWNGRADE_HINT, ALLOW_DOWNGRADE_LABEL } from '../components/downgrade-guard-toggle.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { CheckboxField, SelectField, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { TagPreview } from '../components/tag-preview.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export const METHOD_LABELS: Readonly<Record<InvokeMethod, string>> = {
  all: 'Every tag', taglist: 'One of these tags', regex: 'Tags matching an RE2 pattern',
};

export function conditionText(c: { method: InvokeMethod; expr: string }): string {
  if (c.method === 'all') return 'every tag';
  if (c.method === 'taglist') return `tag in ${c.expr.split(';').filter(Boolean).join(', ')}`;
  return `tag ~ ${c.expr}`;
}

export function ImageTriggersPage(): ReactNode {
  const list = usePaged((client, page) => client.imageTriggers.list(page), []);
  const [adding, setAdding] = useState(false);
  // Creating is POST /api/v1/image-triggers (write).
  const canWrite = useCan('write');
  return (
    <Page title="Image triggers" actions={
      <>
        <Link to="/ui/trigger-logs">Trigger log</Link>
        {canWrite && <button type="button" className="primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Create image trigger</button>}
      </>
    }>
      {canWrite && adding && <CreateImageTriggerForm onCancel={() => setAdding(false)} />}
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="image triggers" />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title="No image triggers yet">
          <p>An image trigger sets a container's image when a push to a repository has a matching tag. Pushes arrive through a <Link to="/ui/registries">registry receiver or a watched repository</Link>.</p>
        </EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <DataTable<ImageTrigger> caption="Image triggers" rows={list.data.items} rowKey={(t) => t.id} columns={[
          { header: 'Name', cell: (t) => <Link to={`/ui/image-triggers/${t.id}`}>{t.name}</Link> },
          { header: 'Repository', cell: (t) => <code>{t.registryHost ? `${t.registryHost}/` : ''}{t.repository}</code> },
          { header: 'Fires for', cell: (t) => <code>{conditionText(t.condition)}</code> },
          { header: 'Sets', cell: (t) => <code>{t.clusterId}/{t.namespace}/{t.workloadKind}/{t.workloadName}:{t.containerName}</code> },
          { header: 'Created', cell: (t) => formatTime(t.createdAt) },
        ]} />
      )}
      <Pager label="Image triggers" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}

function CreateImageTriggerForm({ onCancel }: { onCancel: () => void }): ReactNode {
  const clusters = useApi((client) => client.listClusters({ limit: 200 }), []);
  const [name, setName] = useState('');
  const [repository, setRepository] = useState('');
  const [registryHost, setRegistryHost] = useState('');
  const [method, setMethod] = useState<InvokeMethod>('regex');
  const [expr, setExpr] = useState('');
  const [clusterId, setClusterId] = useState('');
  const [namespace, setNamespace] = useState('default');
  const [workloadKind, setWorkloadKind] = useState<WorkloadKind>('Deployment');
  const [workloadName, setWorkloadName] = useState('');
  const [containerName, setContainerName] = useState('');
  const [pinDigest, setPinDigest] = useState(true);
  const [allowDowngrade, setAllowDowngrade] = useState(false);
  const cluster = clusterId || clusters.data?.items[0]?.id || '';
  const create = useAction((client) => client.imageTriggers.create({
    name: name.trim(), repository: repository.trim(), ...(registryHost.trim() ? { registryHost: registryHost.trim() } : {}),
    condition: { method, ...(method === 'all' ? {} : { expr }) }, clusterId: cluster, namespace: namespace.trim(),
    workloadKind, workloadName: workloadName.trim(), containerName: containerName.trim(), pinDigest, allowDowngrade,
  }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await create.run();
    if (r.ok) navigate(`/ui/image-triggers/${r.value.id}`);
  };
  return (
    <Section title="Create an image trigger">
      <ProblemMessage error={clusters.error} />
      <form className="form" onSubmit={(e) => { void submit(e); }}>
        <TextField label="Trigger name" value={name} onChange={setName} required hint="Letters, digits, _ and -; unique in the account." />
        <fieldset>
          <legend>When a push arrives</legend>
          <TextField label="Repository" value={repository} onChange={setRepository} required placeholder="team/web" hint="Repository path inside the registry." />
          <TextField label="Registry host" value={registryHost} onChange={setRegistryHost} placeholder="registry.example.com" hint="Optional: only pushes from this host fire." />
          <SelectField label="Fire for" value={method} onChange={(v) => setMethod(v as InvokeMethod)}
            options={INVOKE_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))} />
          {method !== 'all' && (
            <TextField label={method === 'taglist' ? 'Tags' : 'Pattern'} value={expr} onChange={setExpr} required
              placeholder={method === 'taglist' ? 'v1.0.0;latest' : '^v\\d+\\.\\d+\\.\\d+$'}
              hint={method === 'taglist' ? 'Exact tags separated by ";".' : 'RE2, unanchored: add ^…$ to match whole tags.'} />
          )}
          <TagPreview repository={repository} method={method} expr={method === 'all' ? '' : expr} />
        </fieldset>
        <fieldset>
          <legend>Set the image of</legend>
          <SelectField label="Cluster" value={cluster} onChange={setClusterId} required
            options={(clusters.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))} />
          <TextField label="Namespace" value={namespace} onChange={setNamespace} required />
          <SelectField label="Workload kind" value={workloadKind} onChange={(v) => setWorkloadKind(v as WorkloadKind)} options={WORKLOAD_KINDS} />
          <TextField label="Workload name" value={workloadName} onChange={setWorkloadName} required />
          <TextField label="Container" value={containerName} onChange={setContainerName} required />
          <CheckboxField label="Pin the digest (repo:tag@sha256:…)" checked={pinDigest} onChange={setPinDigest}
            hint="A re-pushed tag then rolls out too, and the running image is exactly the pushed one." />
          <CheckboxField label={ALLOW_DOWNGRADE_LABEL} checked={allowDowngrade} onChange={setAllowDowngrade} hint={ALLOW_DOWNGRADE_HINT} />
        </fieldset>
        <ProblemMessage error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>Create image trigger</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Section>
  );
}
