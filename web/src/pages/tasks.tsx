/**
 * Deploy tasks (Huawei CodeArts): the list, and creating one with a form of its parameters and steps (or its JSON
 * definition; the server names every wrong field).
 */
import { useState, type ReactNode } from 'react';
import type { DeployTask, TaskDefinitionInput } from '../../../client/index.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { TextArea } from '../components/fields.tsx';
import { TaskDefinitionFields } from '../components/task-definition-form.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';
import { emptyDraft, fromDefinition, toDefinition, type TaskDraft } from '../lib/task-draft.ts';
import { useTargetChoices } from '../lib/use-target-choices.ts';

export function TasksPage(): ReactNode {
  const list = usePaged((client, page) => client.tasks.list(page), []);
  const [adding, setAdding] = useState(false);
  // Creating is POST /api/v1/deploy-tasks (write).
  const canWrite = useCan('write');
  return (
    <Page title="Deploy tasks" actions={canWrite && <button type="button" className="primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Create task</button>}>
      {canWrite && adding && <CreateTaskForm onCancel={() => setAdding(false)} />}
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

/**
 * The form by default; "Edit as JSON" shows the same definition as text for power users (the state, trigger source
 * and run timeout, which the form has no control for, can be set there and are kept). Switching back reads the text.
 */
function CreateTaskForm({ onCancel }: { onCancel: () => void }): ReactNode {
  const choices = useTargetChoices();
  const clusterId = choices.data?.clusters[0]?.id ?? '';
  const [draft, setDraft] = useState<TaskDraft | null>(null);
  const [json, setJson] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const current = draft ?? emptyDraft(clusterId);
  const create = useAction((client, definition: TaskDefinitionInput) => client.tasks.create(definition));
  const parsed = (): TaskDefinitionInput | null => {
    try {
      const value = JSON.parse(json ?? '') as TaskDefinitionInput;
      setParseError(null);
      return value;
    } catch (error) {
      setParseError(error instanceof Error ? error.message : String(error));
      return null;
    }
  };
  const toggleJson = () => {
    if (json === null) {
      setJson(JSON.stringify(toDefinition(current), null, 2));
      return;
    }
    const definition = parsed();
    if (definition) {
      setDraft(fromDefinition(definition, clusterId));
      setJson(null);
    }
  };
  const submit = async () => {
    const definition = json === null ? toDefinition(current) : parsed();
    if (!definition) return;
    const r = await create.run(definition);
    if (r.ok) navigate(`/ui/tasks/${r.value.id}`);
  };
  return (
    <Section title="Create a deploy task" actions={<button type="button" aria-pressed={json !== null} onClick={toggleJson}>Edit as JSON</button>}>
      <ProblemMessage error={choices.error} />
      <form className="form" aria-label="Create a deploy task" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {json === null
          ? <TaskDefinitionFields draft={current} onChange={setDraft} choices={choices} />
          : <TextArea label="Task definition (JSON)" value={json} onChange={setJson} rows={18}
              hint={<>The API body of POST /api/v1/deploy-tasks (the reference at /docs lists every field). Parameters: <code>text</code>, <code>enum</code> (with <code>limits</code>), <code>encrypt</code>, <code>host_group</code>. Steps: <code>set-image</code>, <code>restart</code>, <code>wait-rollout</code>, <code>apply</code>.</>} />}
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
