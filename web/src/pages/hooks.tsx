/**
 * Execution hooks (NetApp Astra, extended to deploy actions): the account switch, hook sources (upload a script),
 * and the hooks that run them in the containers their criteria match. Each hook's page previews those containers.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  CRITERION_TYPES, FAILURE_MODES, HOOK_ACTIONS, HOOK_STAGES, decodeScript, encodeScript, type CriterionType, type ExecutionHook,
  type ExecutionHookInput, type FailureMode, type HookAction, type HookSource, type HookStage, type MatchingCriterion,
} from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { CheckboxField, FileField, SelectField, TextArea, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function HooksPage(): ReactNode {
  return (
    <Page title="Execution hooks">
      <HookSwitch />
      <HooksSection />
      <SourcesSection />
    </Page>
  );
}

function HookSwitch(): ReactNode {
  const settings = useApi((client) => client.hooks.settings(), []);
  const toggle = useAction((client, enabled: boolean) => client.hooks.setEnabled(enabled));
  // Switching is admin only (PUT /api/v1/execution-hook-settings); every role may see the state.
  const admin = useCan('admin');
  if (!settings.data) return <ProblemMessage error={settings.error} />;
  const { enabled } = settings.data;
  return (
    <div className={enabled ? 'notice' : 'notice'}>
      <p>Execution hooks are <strong>{enabled ? 'on' : 'off'}</strong> for this account.{' '}
        {admin && (
          <button type="button" disabled={toggle.busy} onClick={() => { void toggle.run(!enabled).then((r) => { if (r.ok) settings.reload(); }); }}>
            {enabled ? 'Switch off' : 'Switch on'}
          </button>
        )}
      </p>
      <ProblemMessage error={toggle.error} />
    </div>
  );
}

function HooksSection(): ReactNode {
  const list = usePaged((client, page) => client.hooks.list(page), []);
  const apps = useApi((client) => client.listApplications({ limit: 200 }), []);
  const [adding, setAdding] = useState(false);
  // Creating a hook is POST /api/v1/execution-hooks (write).
  const canWrite = useCan('write');
  const appName = (id: string | null) => (id === null ? 'every application' : apps.data?.items.find((a) => a.id === id)?.name ?? id);
  return (
    <Section title="Hooks" actions={canWrite && <button type="button" className="primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Create hook</button>}>
      {canWrite && adding && <HookForm onCancel={() => setAdding(false)} onSaved={(h) => navigate(`/ui/hooks/${h.id}`)} />}
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="hooks" />}
      {list.data && list.data.items.length === 0 && <EmptyState title="No hooks yet"><p>Upload a script below, then create a hook that runs it.</p></EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <DataTable<ExecutionHook> caption="Hooks" rows={list.data.items} rowKey={(h) => h.id} columns={[
          { header: 'Name', cell: (h) => <Link to={`/ui/hooks/${h.id}`}>{h.name}</Link> },
          { header: 'Application', cell: (h) => (h.applicationId ? <Link to={`/ui/apps/${h.applicationId}`}>{appName(h.applicationId)}</Link> : appName(null)) },
          { header: 'Runs', cell: (h) => `${h.stage} ${h.action}` },
          { header: 'Matches', cell: (h) => criteriaText(h.matchingCriteria) },
          { header: 'State', cell: (h) => <StateBadge state={h.enabled ? 'enabled' : 'disabled'} /> },
          { header: 'Type', cell: (h) => (h.hookType === 'netapp' ? 'provided' : `custom, ${h.failureMode}`) },
        ]} />
      )}
      <Pager label="Hooks" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Section>
  );
}

export function criteriaText(criteria: readonly { type: string; value: string }[]): string {
  return criteria.length === 0 ? 'every container' : criteria.map((c) => `${c.type} ~ ${c.value}`).join(' and ');
}

/** Create (no `hook`) or replace (`hook`) an execution hook. */
export function HookForm({ hook, onCancel, onSaved }: { hook?: ExecutionHook; onCancel: () => void; onSaved: (h: ExecutionHook) => void }): ReactNode {
  const apps = useApi((client) => client.listApplications({ limit: 200 }), []);
  const sources = useApi((client) => client.hooks.listSources({ limit: 200 }), []);
  const [name, setName] = useState(hook?.name ?? '');
  const [applicationId, setApplicationId] = useState(hook?.applicationId ?? '');
  const [action, setAction] = useState<HookAction>(hook?.action ?? 'deploy');
  const [stage, setStage] = useState<HookStage>(hook?.stage ?? 'pre');
  const [sourceId, setSourceId] = useState(hook?.hookSourceId ?? '');
  const [criteria, setCriteria] = useState<MatchingCriterion[]>(hook ? [...hook.matchingCriteria] as MatchingCriterion[] : []);
  const [args, setArgs] = useState((hook?.arguments ?? []).join('\n'));
  const [failureMode, setFailureMode] = useState<FailureMode>(hook?.failureMode ?? 'soft');
  const [timeout, setTimeoutSeconds] = useState(hook?.timeoutSeconds ? String(hook.timeoutSeconds) : '');
  const [enabled, setEnabled] = useState(hook?.enabled ?? true);
  const app = applicationId || apps.data?.items[0]?.id || '';
  const source = sourceId || sources.data?.items.find((s) => !s.preloaded)?.id || sources.data?.items[0]?.id || '';
  const input = (): ExecutionHookInput => ({
    name: name.trim(), applicationId: app, action, stage, hookSourceId: source, matchingCriteria: criteria,
    arguments: args.split('\n').filter((a) => a !== ''), failureMode, enabled,
    ...(timeout.trim() ? { timeoutSeconds: Number(timeout) } : {}),
  });
  const save = useAction((client) => (hook ? client.hooks.replace(hook.id, input()) : client.hooks.create(input())));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await save.run();
    if (r.ok) onSaved(r.value);
  };
  const setCriterion = (i: number, change: Partial<MatchingCriterion>) => setCriteria((cs) => cs.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <form className="form" onSubmit={(e) => { void submit(e); }}>
      <ProblemMessage error={apps.error ?? sources.error} />
      <TextField label="Hook name" value={name} onChange={setName} required />
      {!hook && <SelectField label="Application" value={app} onChange={setApplicationId} required
        options={(apps.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.clusterId}/${a.namespace})` }))} />}
      <div className="form-grid">
        <SelectField label="Stage" value={stage} onChange={(v) => setStage(v as HookStage)} options={HOOK_STAGES} />
        <SelectField label="Action" value={action} onChange={(v) => setAction(v as HookAction)} options={HOOK_ACTIONS}
          hint="Astra's snapshot, backup, restore, failover; or a deploy action." />
      </div>
      <SelectField label="Script" value={source} onChange={setSourceId} required
        options={(sources.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}${s.preloaded ? ' (provided)' : ''}` }))} />
      <fieldset>
        <legend>Containers it runs in</legend>
        {criteria.length === 0 && <p className="muted">Every container of the application. Add criteria to narrow it (all must match).</p>}
        {criteria.map((c, i) => (
          <div className="form-grid" key={i}>
            <SelectField label={`Criterion ${i + 1}`} value={c.type} onChange={(v) => setCriterion(i, { type: v as CriterionType })} options={CRITERION_TYPES} />
            <TextField label={`Pattern ${i + 1}`} value={c.value} onChange={(v) => setCriterion(i, { value: v })} hint="RE2, searched unanchored." />
            <div className="actions"><button type="button" onClick={() => setCriteria((cs) => cs.filter((_, j) => j !== i))}>Remove criterion {i + 1}</button></div>
          </div>
        ))}
        <div className="actions"><button type="button" onClick={() => setCriteria((cs) => [...cs, { type: 'containerName', value: '' }])}>Add criterion</button></div>
      </fieldset>
      <TextArea label="Arguments" value={args} onChange={setArgs} rows={3} hint="One per line, passed to the script." />
      <div className="form-grid">
        <SelectField label="When it fails" value={failureMode} onChange={(v) => setFailureMode(v as FailureMode)}
          options={FAILURE_MODES.map((m) => ({ value: m, label: m === 'soft' ? 'soft: record it, go on' : 'hard: fail the action' }))} />
        <TextField label="Timeout (seconds)" type="number" value={timeout} onChange={setTimeoutSeconds} hint="Empty: the server's default." />
      </div>
      <CheckboxField label="Enabled" checked={enabled} onChange={setEnabled} />
      <ProblemMessage error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.busy}>{hook ? 'Save hook' : 'Create hook'}</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function SourcesSection(): ReactNode {
  const list = usePaged((client, page) => client.hooks.listSources(page), []);
  const [adding, setAdding] = useState(false);
  const remove = useAction((client, id: string) => client.hooks.deleteSource(id));
  // Uploading and deleting scripts are POST/DELETE /api/v1/hook-sources (write); every role may read them.
  const canWrite = useCan('write');
  return (
    <Section title="Hook sources" actions={canWrite && <button type="button" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Upload script</button>}>
      {canWrite && adding && <SourceForm onCancel={() => setAdding(false)} onSaved={() => { setAdding(false); list.reload(); }} />}
      <ProblemMessage error={list.error ?? remove.error} />
      {list.data && list.data.items.length === 0 && <EmptyState title="No scripts yet" />}
      {list.data && list.data.items.length > 0 && (
        <DataTable<HookSource> caption="Hook sources" rows={list.data.items} rowKey={(s) => s.id} columns={[
          { header: 'Name', cell: (s) => s.name },
          { header: 'Description', cell: (s) => s.description },
          { header: 'Script', cell: (s) => (s.source !== undefined
            ? <details><summary>View {s.name}</summary><pre className="output">{safeDecode(s.source)}</pre></details>
            : <span className="muted">private</span>) },
          { header: 'MD5', cell: (s) => <code>{s.sourceMd5.slice(0, 12)}</code> },
          { header: 'Updated', cell: (s) => formatTime(s.updatedAt) },
          { header: '', cell: (s) => (s.preloaded ? <span className="muted">provided</span> : canWrite && (
            <ConfirmButton label={`Delete ${s.name}`} title={`Delete script ${s.name}?`} confirmLabel="Delete" danger
              onConfirm={async () => { if ((await remove.run(s.id)).ok) list.reload(); }}>
              <p>Refused while a hook runs it.</p>
            </ConfirmButton>
          )) },
        ]} />
      )}
      <Pager label="Hook sources" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Section>
  );
}

function safeDecode(base64: string): string {
  try {
    return decodeScript(base64);
  } catch {
    return '(not decodable)';
  }
}

function SourceForm({ onCancel, onSaved }: { onCancel: () => void; onSaved: () => void }): ReactNode {
  const [name, setName] = useState('');
  const [script, setScript] = useState('#!/bin/sh\n');
  const [description, setDescription] = useState('');
  const create = useAction((client) => client.hooks.createSource({ name: name.trim(), source: encodeScript(script), description }));
  return (
    <form className="form" onSubmit={(e) => { e.preventDefault(); void create.run().then((r) => { if (r.ok) onSaved(); }); }}>
      <TextField label="Script name" value={name} onChange={setName} required />
      <FileField label="Script file" onText={(text, file) => { setScript(text); if (!name) setName(file.replace(/\.[^.]+$/, '')); }} />
      <TextArea label="Script" value={script} onChange={setScript} rows={10} required hint="Start it with #! to choose the interpreter; it runs inside the matching containers." />
      <TextField label="Description" value={description} onChange={setDescription} />
      <ProblemMessage error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.busy}>Upload script</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
