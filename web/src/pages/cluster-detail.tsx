/** One cluster: whether Capstan can reach its API server now, its permissions in a namespace, its applications, and deleting it. */
import type { ReactNode } from 'react';
import type { Application } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { PermissionCheck } from '../components/permission-check.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';

export function ClusterDetailPage({ id }: { id: string }): ReactNode {
  const cluster = useApi((client) => client.getCluster(id), [id]);
  const apps = useApi((client) => client.listApplications({ clusterId: id, limit: 200 }), [id]);
  const remove = useAction((client) => client.deleteCluster(id));
  const c = cluster.data;
  // DELETE /api/v1/clusters/:id needs write; "Check again" and the permission check only read.
  const canWrite = useCan('write');
  return (
    <Page title={c ? `Cluster ${c.name}` : 'Cluster'} actions={c && (
      <>
        <button type="button" onClick={cluster.reload} disabled={cluster.loading}>Check again</button>
        {canWrite && (
          <ConfirmButton label="Delete cluster" title={`Delete cluster ${c.name}?`} confirmLabel="Delete" danger
            onConfirm={async () => { if ((await remove.run()).ok) navigate('/ui/clusters'); }}>
            <p>Capstan forgets the cluster and its kubeconfig. This is refused while applications use it.</p>
          </ConfirmButton>
        )}
      </>
    )}>
      <ProblemMessage error={cluster.error ?? remove.error} />
      {!c && !cluster.error && <Loading what="the cluster" />}
      {c && (
        <dl className="facts">
          <dt>Id</dt><dd><code>{c.id}</code></dd>
          <dt>API server</dt><dd><code>{c.server}</code></dd>
          <dt>Reachability</dt>
          <dd>
            {c.reachability.reachable
              ? <><StateBadge state="reachable" /> Kubernetes {c.reachability.version}</>
              : <><StateBadge state="unreachable" /> {c.reachability.error}</>}
          </dd>
          <dt>Added</dt><dd>{formatTime(c.createdAt)}</dd>
        </dl>
      )}
      {c && <PermissionCheck clusterId={c.id} />}
      <Section title="Applications">
        <ProblemMessage error={apps.error} />
        {apps.data && apps.data.items.length === 0 && (
          <EmptyState title="No applications on this cluster"><p><Link to="/ui/apps">Create an application</Link> to select its workloads.</p></EmptyState>
        )}
        {apps.data && apps.data.items.length > 0 && (
          <DataTable<Application> caption="Applications of the cluster" rows={apps.data.items} rowKey={(a) => a.id} columns={[
            { header: 'Name', cell: (a) => <Link to={`/ui/apps/${a.id}`}>{a.name}</Link> },
            { header: 'Namespace', cell: (a) => a.namespace },
            { header: 'Selector', cell: (a) => <code>{a.selector}</code> },
          ]} />
        )}
      </Section>
    </Page>
  );
}
