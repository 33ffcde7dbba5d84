/**
 * The start form of a deploy task, generated from its parameter declaration: text → text field, enum → select of
 * its allowed values, encrypt → password field (left empty, the stored secret is used), host_group → select of
 * the account's clusters and/or applications. A host_group value must name what the steps use it for (the server
 * checks it at start): a parameter the enabled steps use only as a cluster offers clusters, only as an
 * application offers applications, otherwise both; if the lists cannot be loaded, an id can be typed. Static
 * parameters are shown, not editable. Only changed values are sent.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { TaskParam, TaskStep } from '../../../client/index.ts';
import { paramRef } from '../lib/task-draft.ts';
import { useTargetChoices } from '../lib/use-target-choices.ts';
import { SelectField, TextField } from './fields.tsx';
import { ProblemMessage } from './problem-message.tsx';
import { ReferenceField } from './reference-field.tsx';

/**
 * What a host_group parameter may name: clusters if an enabled step uses it as its cluster, applications if as its
 * application; a parameter no enabled step uses (`used` false) may name either.
 */
function hostGroupUse(name: string, steps: readonly TaskStep[]): { clusters: boolean; applications: boolean; used: boolean } {
  const ref = paramRef(name);
  const enabled = steps.filter((s) => s.enabled !== false);
  const clusters = enabled.some((s) => s.clusterId === ref);
  const applications = enabled.some((s) => s.applicationId === ref);
  return clusters || applications ? { clusters, applications, used: true } : { clusters: true, applications: true, used: false };
}

export function ParamForm({ params, steps, busy, onStart }: {
  params: readonly TaskParam[];
  /** The task's steps, to tell whether a host_group parameter chooses a cluster or an application. */
  steps: readonly TaskStep[];
  busy: boolean;
  onStart: (values: Record<string, string>) => void;
}): ReactNode {
  const editable = params.filter((p) => !p.static);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(editable.map((p) => [p.name, p.type === 'encrypt' ? '' : p.value])));
  const choices = useTargetChoices(editable.some((p) => p.type === 'host_group'));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changed: Record<string, string> = {};
    for (const p of editable) {
      const value = values[p.name] ?? '';
      if (p.type === 'encrypt' ? value !== '' : value !== p.value) changed[p.name] = value;
    }
    onStart(changed);
  };
  const set = (name: string) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  return (
    <form className="form" onSubmit={submit} aria-label="Start the task">
      {params.length === 0 && <p className="muted">This task declares no parameters.</p>}
      <ProblemMessage error={choices.error} />
      {params.map((p) => {
        const hint = [p.description, p.static ? 'Fixed in the task.' : null].filter(Boolean).join(' ') || undefined;
        if (p.static) {
          return <TextField key={p.name} label={p.name} value={p.type === 'encrypt' ? '******' : p.value} onChange={() => undefined} readOnly hint={hint} />;
        }
        const value = values[p.name] ?? '';
        if (p.type === 'enum') return <SelectField key={p.name} label={p.name} value={value} onChange={set(p.name)} options={p.limits} hint={hint} />;
        if (p.type === 'encrypt') {
          return <TextField key={p.name} label={p.name} type="password" value={value} onChange={set(p.name)} autoComplete="new-password"
            hint={`${hint ? `${hint.replace(/\.?$/, '.')} ` : ''}Leave empty to use the stored secret.`} />;
        }
        if (p.type === 'host_group') {
          const use = hostGroupUse(p.name, steps);
          const what = use.clusters && use.applications ? 'A cluster or an application' : use.clusters ? 'The cluster' : 'The application';
          return <ReferenceField key={p.name} label={p.name} value={value} onChange={set(p.name)} choices={choices} offer={use} required={use.used}
            hint={`${hint ? `${hint.replace(/\.?$/, '.')} ` : ''}${what} the steps act on in this run.`} />;
        }
        return <TextField key={p.name} label={p.name} value={value} onChange={set(p.name)} hint={hint} />;
      })}
      <div className="actions"><button type="submit" className="primary" disabled={busy}>{busy ? 'Starting…' : 'Start'}</button></div>
    </form>
  );
}
