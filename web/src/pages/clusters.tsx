/**
 * Clusters: the list (each row probes its API server for reachability), and adding one by pasting or uploading a
 * kubeconfig. The kubeconfig is sent once; the server stores it sealed and never returns it.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Cluster } from '../../../client/index.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { FileField, TextArea, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function ClustersPage(): ReactNode {
  const list = usePaged((client, page) => client.listClusters(page), []);
  const [adding, setAdding] = useState(false);
  // Adding is POST /api/v1/clusters (write); viewers and pipeline tokens only read.
  const canWrite = useCan('write');
  return (
    <Page title="Clusters" actions={canWrite && <button type="button" className="primary" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>Add cluster</button>}>
      {canWrite && adding && <AddClusterForm onCancel={() => setAdding(false)} />}
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="clusters" />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title="No clusters yet">
          <p>Add a cluster by pasting a kubeconfig whose credentials may read and patch workloads (see deploy/rbac.yaml).</p>
        </EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <DataTable<Cluster>
          caption="Clusters" rows={list.data.items} rowKey={(c) => c.id}
          columns={[
            { header: 'Name', cell: (c) => <Link to={`/ui/clusters/${encodeURIComponent(c.id)}`}>{c.name}</Link> },
            { header: 'Id', cell: (c) => <code>{c.id}</code> },
            { header: 'API server', cell: (c) => <code>{c.server}</code> },
            { header: 'Reachability', cell: (c) => <ReachabilityCell id={c.id} /> },
            { header: 'Added', cell: (c) => formatTime(c.createdAt) },
          ]}
        />
      )}
      <Pager label="Clusters" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}

function ReachabilityCell({ id }: { id: string }): ReactNode {
  const detail = useApi((client) => client.getCluster(id), [id]);
  if (detail.error) return <StateBadge state="error" />;
  if (!detail.data) return <span className="muted">checking…</span>;
  const { reachable, version, error } = detail.data.reachability;
  return reachable
    ? <span><StateBadge state="reachable" /> <span className="muted">{version}</span></span>
    : <span title={error ?? undefined}><StateBadge state="unreachable" /></span>;
}

function AddClusterForm({ onCancel }: { onCancel: () => void }): ReactNode {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [kubeconfig, setKubeconfig] = useState('');
  const create = useAction((client) => client.createCluster({ name: name.trim(), kubeconfig, ...(id.trim() ? { id: id.trim() } : {}) }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (created.ok) navigate(`/ui/clusters/${encodeURIComponent(created.value.id)}`);
  };
  return (
    <Section title="Add a cluster">
      <form className="form" onSubmit={(e) => { void submit(e); }}>
        <TextField label="Name" value={name} onChange={setName} required name="name" />
        <TextField label="Id" value={id} onChange={setId} name="id" hint="Optional: lower-case letters, digits and -, up to 64 (ACK's cluster_id). Generated when empty." />
        <TextArea label="Kubeconfig" value={kubeconfig} onChange={setKubeconfig} rows={10} required name="kubeconfig"
          hint="Paste the kubeconfig YAML, or choose a file below. It is stored encrypted and never shown again." />
        <FileField label="Kubeconfig file" accept=".yaml,.yml,.conf,text/yaml,text/plain" onText={(text) => setKubeconfig(text)} />
        <ProblemMessage error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>{create.busy ? 'Adding…' : 'Add cluster'}</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Section>
  );
}
