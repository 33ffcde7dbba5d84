/** One application: its settings, the workloads its selector matches now (read live), and deleting it. */
import type { ReactNode } from 'react';
import type { ExecutionHook, Workload } from '../../../client/index.ts';
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
import { criteriaText } from './hooks.tsx';

export function ApplicationDetailPage({ id }: { id: string }): ReactNode {
  const app = useApi((client) => client.getApplication(id), [id]);
  const workloads = useApi((client) => client.listApplicationWorkloads(id), [id]);
  const remove = useAction((client) => client.deleteApplication(id));
  const a = app.data;
  // DELETE /api/v1/applications/:id needs write.
  const canWrite = useCan('write');
  return (
    <Page title={a ? `Application ${a.name}` : 'Application'} actions={a && canWrite && (
      <ConfirmButton label="Delete application" title={`Delete application ${a.name}?`} confirmLabel="Delete" danger
        onConfirm={async () => { if ((await remove.run()).ok) navigate('/ui/apps'); }}>
        <p>The workloads stay as they are in the cluster; Capstan forgets the application and its triggers.</p>
      </ConfirmButton>
    )}>
      <ProblemMessage error={app.error ?? remove.error} />
      {!a && !app.error && <Loading what="the application" />}
      {a && (
        <dl className="facts">
          <dt>Id</dt><dd><code>{a.id}</code></dd>
          <dt>Cluster</dt><dd><Link to={`/ui/clusters/${encodeURIComponent(a.clusterId)}`}>{a.clusterId}</Link></dd>
          <dt>Namespace</dt><dd>{a.namespace}</dd>
          <dt>Selector</dt><dd><code>{a.selector}</code></dd>
          <dt>Updated</dt><dd>{formatTime(a.updatedAt)}</dd>
        </dl>
      )}
      <Section title="Matching workloads" actions={<button type="button" onClick={workloads.reload} disabled={workloads.loading}>Refresh</button>}>
        <ProblemMessage error={workloads.error} />
        {!workloads.data && !workloads.error && <Loading what="workloads" />}
        {workloads.data && workloads.data.items.length === 0 && (
          <EmptyState title="No workload matches the selector now"><p>Check the namespace and the labels of your Deployments.</p></EmptyState>
        )}
        {workloads.data && workloads.data.items.length > 0 && <WorkloadTable workloads={workloads.data.items} />}
      </Section>
      <AppHooksSection appId={id} />
    </Page>
  );
}

/**
 * The hooks that run for this application: its own, and the provided (NetApp) ones, which apply to every
 * application unless switched off here (a per-application override).
 */
function AppHooksSection({ appId }: { appId: string }): ReactNode {
  const hooks = useApi(async (client) => {
    // At most one override per provided hook, so 200 is every one of them.
    const [own, all, overrides] = await Promise.all([
      client.hooks.list({ applicationId: appId, limit: 200 }), client.hooks.list({ limit: 200 }), client.hookOverrides.list(appId, { limit: 200 }),
    ]);
    return { hooks: [...own.items, ...all.items.filter((h) => h.applicationId === null)], overrides: overrides.items };
  }, [appId]);
  const toggle = useAction(async (client, hook: ExecutionHook, on: boolean) => {
    const existing = hooks.data?.overrides.find((o) => o.executionHookId === hook.id);
    // Switching back on removes the override, so the provided hook's own setting applies again.
    if (existing && on) await client.hookOverrides.delete(appId, existing.id);
    else if (existing) await client.hookOverrides.setEnabled(appId, existing.id, on);
    else if (!on) await client.hookOverrides.create(appId, hook.id, false);
  });
  // Hook overrides are written with write (POST/PUT/DELETE …/hook-overrides); without it the state is only shown.
  const canWrite = useCan('write');
  const onHere = (h: ExecutionHook) => hooks.data?.overrides.find((o) => o.executionHookId === h.id)?.enabled ?? h.enabled;
  return (
    <Section title="Execution hooks" actions={<Link to="/ui/hooks">Manage hooks</Link>}>
      <ProblemMessage error={hooks.error ?? toggle.error} />
      {hooks.data && hooks.data.hooks.length === 0 && <EmptyState title="No hooks run for this application" />}
      {hooks.data && hooks.data.hooks.length > 0 && (
        <DataTable<ExecutionHook> caption="Hooks of the application" rows={hooks.data.hooks} rowKey={(h) => h.id} columns={[
          { header: 'Hook', cell: (h) => <Link to={`/ui/hooks/${h.id}`}>{h.name}</Link> },
          { header: 'Runs', cell: (h) => `${h.stage} ${h.action}` },
          { header: 'Containers', cell: (h) => criteriaText(h.matchingCriteria) },
          { header: 'For this application', cell: (h) => (h.hookType === 'netapp' ? (!canWrite ? (onHere(h) ? 'on' : 'off (overridden)') : (
            <label className="field-check">
              <input type="checkbox" checked={onHere(h)} disabled={toggle.busy} aria-label={`Run ${h.name} for this application`}
                onChange={(e) => { void toggle.run(h, e.target.checked).then((r) => { if (r.ok) hooks.reload(); }); }} />
              {onHere(h) ? 'on' : 'off (overridden)'}
            </label>
          )) : <StateBadge state={h.enabled ? 'enabled' : 'disabled'} />) },
          { header: 'Type', cell: (h) => (h.hookType === 'netapp' ? 'provided' : 'this application') },
        ]} />
      )}
    </Section>
  );
}

export function WorkloadTable({ workloads }: { workloads: readonly Workload[] }): ReactNode {
  return (
    <DataTable<Workload> caption="Workloads" rows={workloads} rowKey={(w) => `${w.namespace}/${w.kind}/${w.name}`} columns={[
      { header: 'Kind', cell: (w) => w.kind },
      { header: 'Namespace', cell: (w) => w.namespace },
      { header: 'Name', cell: (w) => w.name },
      { header: 'Containers', cell: (w) => (
        <ul className="plain">{w.containers.map((c) => <li key={c.name}>{c.init && <span className="muted">init </span>}<strong>{c.name}</strong> <code>{c.image}</code></li>)}</ul>
      ) },
      { header: 'GitOps', cell: (w) => (w.gitOpsOwner === null
        ? <span className="muted">none</span>
        : <span title="Its next sync may revert image changes made here">{w.gitOpsOwner.tool} <span className="muted">({w.gitOpsOwner.source})</span></span>) },
    ]} />
  );
}
