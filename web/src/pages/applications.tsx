/** Applications: a namespace of a cluster and a label selector; creating one, and the list. */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Application } from '../../../client/index.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function ApplicationsPage(): ReactNode {
  const list = usePaged((client, page) => client.listApplications(page), []);
  const [adding, setAdding] = useState(false);
  // Creating is POST /api/v1/applications (write).
  const canWrite = useCan('write');
  return (
    <Page title="Applications" actions={canWrite && <button type="button" className="primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Create application</button>}>
      {canWrite && adding && <CreateApplicationForm onCancel={() => setAdding(false)} />}
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="applications" />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title="No applications yet">
          <p>An application is the workloads of one namespace that a label selector picks; triggers, tasks and hooks act on it.</p>
        </EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <DataTable<Application> caption="Applications" rows={list.data.items} rowKey={(a) => a.id} columns={[
          { header: 'Name', cell: (a) => <Link to={`/ui/apps/${a.id}`}>{a.name}</Link> },
          { header: 'Cluster', cell: (a) => <Link to={`/ui/clusters/${encodeURIComponent(a.clusterId)}`}>{a.clusterId}</Link> },
          { header: 'Namespace', cell: (a) => a.namespace },
          { header: 'Selector', cell: (a) => <code>{a.selector}</code> },
          { header: 'Created', cell: (a) => formatTime(a.createdAt) },
        ]} />
      )}
      <Pager label="Applications" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}

function CreateApplicationForm({ onCancel }: { onCancel: () => void }): ReactNode {
  const clusters = useApi((client) => client.listClusters({ limit: 200 }), []);
  const [name, setName] = useState('');
  const [clusterId, setClusterId] = useState('');
  const [namespace, setNamespace] = useState('default');
  const [selector, setSelector] = useState('');
  const cluster = clusterId || clusters.data?.items[0]?.id || '';
  const create = useAction((client) => client.createApplication({
    name: name.trim(), clusterId: cluster, namespace: namespace.trim(), ...(selector.trim() ? { selector: selector.trim() } : {}),
  }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (created.ok) navigate(`/ui/apps/${created.value.id}`);
  };
  return (
    <Section title="Create an application">
      <ProblemMessage error={clusters.error} />
      {clusters.data && clusters.data.items.length === 0
        ? <EmptyState title="Add a cluster first"><p><Link to="/ui/clusters">Add a cluster</Link>; applications live on one.</p></EmptyState>
        : (
          <form className="form" onSubmit={(e) => { void submit(e); }}>
            <TextField label="Name" value={name} onChange={setName} required name="name" hint="A DNS label; also the default selector value." />
            <SelectField label="Cluster" value={cluster} onChange={setClusterId} required
              options={(clusters.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))} />
            <TextField label="Namespace" value={namespace} onChange={setNamespace} required name="namespace" />
            <TextField label="Label selector" value={selector} onChange={setSelector} name="selector"
              placeholder={`app.kubernetes.io/instance=${name || '<name>'}`} hint="Optional, e.g. app=shop,tier in (web,api)." />
            <ProblemMessage error={create.error} />
            <div className="actions">
              <button type="submit" className="primary" disabled={create.busy || !cluster}>{create.busy ? 'Creating…' : 'Create application'}</button>
              <button type="button" onClick={onCancel}>Cancel</button>
            </div>
          </form>
        )}
    </Section>
  );
}
