/**
 * Deploy tasks (Huawei CodeArts): the list, and creating one from its JSON definition (parameters and steps;
 * the server names every wrong field).
 */
import { useState, type ReactNode } from 'react';
import type { DeployTask, TaskDefinitionInput } from '../../../client/index.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { TextArea } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function TasksPage(): ReactNode {
  const list = usePaged((client, page) => client.tasks.list(page), []);
  const [adding, setAdding] = useState(false);
  return (
    <Page title="Deploy tasks" actions={<button type="button" className="primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Create task</button>}>
      {adding && <CreateTaskForm onCancel={() => setAdding(false)} />}
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="deploy tasks" />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title="No deploy tasks yet">
          <p>A deploy task declares parameters and ordered steps (set an image, restart, wait for a rollout, apply a manifest). Every start is a deploy record you can roll back to.</p>
        </EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <DataTable<DeployTask> caption="Deploy tasks" rows={list.data.items} rowKey={(t) => t.id} columns={[
          { header: 'Name', cell: (t) => <Link to={`/ui/tasks/${t.id}`}>{t.name}</Link> },
          { header: 'State', cell: (t) => <StateBadge state={t.state === 'Draft' ? 'draft' : 'available'} /> },
          { header: 'Parameters', cell: (t) => t.params.map((p) => p.name).join(', ') || '—' },
          { header: 'Steps', cell: (t) => t.steps.filter((s) => s.enabled).map((s) => s.name).join(' → ') },
          { header: 'Updated', cell: (t) => formatTime(t.updatedAt) },
        ]} />
      )}
      <Pager label="Deploy tasks" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}

function example(clusterId: string): string {
  const definition: TaskDefinitionInput = {
    name: 'deploy-web',
    description: 'Roll out a new image of the web Deployment',
    params: [
      { name: 'version', type: 'text', value: '1.0.0', description: 'Image tag to deploy' },
      { name: 'env', type: 'enum', value: 'staging', limits: ['staging', 'production'] },
    ],
    steps: [
      { name: 'set image', type: 'set-image', clusterId, namespace: 'default', kind: 'Deployment', workload: 'web', container: 'web', image: 'registry.example/web:${version}' },
    ],
  };
  return JSON.stringify(definition, null, 2);
}

function CreateTaskForm({ onCancel }: { onCancel: () => void }): ReactNode {
  const clusters = useApi((client) => client.listClusters({ limit: 1 }), []);
  const [text, setText] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const value = text ?? (clusters.data ? example(clusters.data.items[0]?.id ?? 'my-cluster') : '');
  const create = useAction((client, definition: TaskDefinitionInput) => client.tasks.create(definition));
  const submit = async () => {
    let definition: TaskDefinitionInput;
    try {
      definition = JSON.parse(value) as TaskDefinitionInput;
    } catch (error) {
      setParseError(error instanceof Error ? error.message : String(error));
      return;
    }
    setParseError(null);
    const r = await create.run(definition);
    if (r.ok) navigate(`/ui/tasks/${r.value.id}`);
  };
  return (
    <Section title="Create a deploy task">
      <form className="form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <TextArea label="Task definition (JSON)" value={value} onChange={setText} rows={18}
          hint={<>Parameters: <code>text</code>, <code>enum</code> (with <code>limits</code>), <code>encrypt</code>, <code>host_group</code>; use them as <code>{'${name}'}</code> in images, manifests and cluster ids. Steps: <code>set-image</code>, <code>restart</code>, <code>wait-rollout</code>, <code>apply</code>. The API reference at /docs lists every field.</>} />
        {parseError && <div className="problem" role="alert"><p><strong>Not valid JSON</strong>: {parseError}</p></div>}
        <ProblemMessage error={create.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={create.busy}>Create task</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Section>
  );
}
