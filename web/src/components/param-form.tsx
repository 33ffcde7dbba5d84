/**
 * The start form of a deploy task, generated from its parameter declaration: text → text field, enum → select of
 * its allowed values, encrypt → password field (left empty, the stored secret is used), host_group → select of
 * clusters and applications. Static parameters are shown, not editable. Only changed values are sent.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { TaskParam } from '../../../client/index.ts';
import { useApi } from '../lib/use-api.ts';
import { SelectField, TextField } from './fields.tsx';

export function ParamForm({ params, busy, onStart }: {
  params: readonly TaskParam[];
  busy: boolean;
  onStart: (values: Record<string, string>) => void;
}): ReactNode {
  const editable = params.filter((p) => !p.static);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(editable.map((p) => [p.name, p.type === 'encrypt' ? '' : p.value])));
  const hostGroups = useApi(async (client) => {
    if (!editable.some((p) => p.type === 'host_group')) return [];
    const [clusters, apps] = await Promise.all([client.listClusters({ limit: 200 }), client.listApplications({ limit: 200 })]);
    return [...clusters.items.map((c) => ({ value: c.id, label: `cluster ${c.name} (${c.id})` })),
      ...apps.items.map((a) => ({ value: a.id, label: `application ${a.name}` }))];
  }, [params]);
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
          const options = hostGroups.data ?? [];
          return <SelectField key={p.name} label={p.name} value={value} onChange={set(p.name)} hint={hint}
            options={options.some((o) => o.value === value) ? options : [{ value, label: value || '(none)' }, ...options]} />;
        }
        return <TextField key={p.name} label={p.name} value={value} onChange={set(p.name)} hint={hint} />;
      })}
      <div className="actions"><button type="submit" className="primary" disabled={busy}>{busy ? 'Starting…' : 'Start'}</button></div>
    </form>
  );
}
