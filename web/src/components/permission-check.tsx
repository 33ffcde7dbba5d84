/**
 * The K25 preflight on a cluster's page: for a namespace, asks the cluster (one SelfSubjectAccessReview per
 * permission, as `kubectl auth can-i` does) whether Capstan's kubeconfig has every permission Capstan uses there.
 * Missing permissions come first, highlighted, each with the feature that fails without it.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { permissionResource, type ClusterPermissions, type PermissionCheck as Check } from '../../../client/index.ts';
import { useAction } from '../lib/use-api.ts';
import { DataTable } from './data-table.tsx';
import { TextField } from './fields.tsx';
import { Section } from './page.tsx';
import { ProblemMessage } from './problem-message.tsx';
import { StateBadge } from './state-badge.tsx';

export function PermissionCheck({ clusterId }: { clusterId: string }): ReactNode {
  const [namespace, setNamespace] = useState('');
  const [result, setResult] = useState<ClusterPermissions | null>(null);
  const check = useAction((client, ns: string) => client.checkClusterPermissions(clusterId, ns));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const done = await check.run(namespace.trim());
    if (done.ok) setResult(done.value);
  };
  const missing = result ? result.checks.filter((c) => !c.allowed) : [];
  return (
    <Section title="Check permissions">
      <p className="muted">
        Before the first deploy to a namespace: which permissions Capstan&apos;s kubeconfig has there, asked of the cluster
        itself. The Role in <code>deploy/rbac.yaml</code> grants all of them.
      </p>
      <form className="form" onSubmit={(e) => { void submit(e); }}>
        <TextField label="Namespace" value={namespace} onChange={setNamespace} required name="namespace"
          hint="The namespace Capstan deploys to (lower-case letters, digits and -)." />
        <div className="actions">
          <button type="submit" className="primary" disabled={check.busy}>{check.busy ? 'Checking…' : 'Check permissions'}</button>
        </div>
      </form>
      <ProblemMessage error={check.error} />
      {result && (
        <>
          <p role="status">
            {missing.length === 0
              ? `All ${result.checks.length} permissions Capstan uses in namespace ${result.namespace} are granted.`
              : `${missing.length} of ${result.checks.length} permissions are missing in namespace ${result.namespace}: the features named below fail until they are granted.`}
          </p>
          <DataTable<Check>
            caption={`Permissions in namespace ${result.namespace}`}
            rows={[...missing, ...result.checks.filter((c) => c.allowed)]}
            rowKey={(c) => `${c.verb} ${permissionResource(c)}`}
            rowClassName={(c) => (c.allowed ? undefined : 'row-failed')}
            columns={[
              { header: 'Status', cell: (c) => <StateBadge state={c.allowed ? 'granted' : 'missing'} /> },
              { header: 'Verb', cell: (c) => <code>{c.verb}</code> },
              { header: 'Resource', cell: (c) => <code>{permissionResource(c)}</code> },
              { header: 'Needed for', cell: (c) => c.neededFor },
              { header: 'Reason', cell: (c) => c.reason ?? <span className="muted">none given</span> },
            ]}
          />
        </>
      )}
    </Section>
  );
}
