/**
 * The fields of a deploy task definition as a form: name, description, a list of parameters (text, enum with its
 * allowed values, encrypt; static or settable at start) and an ordered list of steps whose fields follow the
 * step's type. Rows are added, removed and moved with buttons (every control has its own label, so the form works
 * from the keyboard and with a screen reader). `toDefinition` turns the rows into the API body; checking the
 * values is the server's (its problem details name the wrong field).
 */
import type { ReactNode } from 'react';
import { WORKLOAD_KINDS, type ParamType, type TaskDefinitionInput, type TaskStep, type TaskStepType, type WorkloadKind } from '../../../client/index.ts';
import { CheckboxField, SelectField, TextArea, TextField } from './fields.tsx';

export const FORM_PARAM_TYPES = ['text', 'enum', 'encrypt'] as const satisfies readonly ParamType[];

export interface ParamRow {
  readonly key: number;
  readonly name: string;
  readonly type: (typeof FORM_PARAM_TYPES)[number];
  readonly value: string;
  readonly description: string;
  /** Comma-separated allowed values of an enum. */
  readonly limits: string;
  readonly static: boolean;
}

export interface StepRow {
  readonly key: number;
  readonly name: string;
  readonly type: TaskStepType;
  readonly clusterId: string;
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly workload: string;
  readonly container: string;
  readonly image: string;
  readonly manifest: string;
  readonly timeoutSeconds: string;
}

export interface TaskDraft {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamRow[];
  readonly steps: readonly StepRow[];
}

let nextKey = 1;
const key = (): number => nextKey++;

export function newParam(): ParamRow {
  return { key: key(), name: '', type: 'text', value: '', description: '', limits: '', static: false };
}

export function newStep(clusterId: string): StepRow {
  return { key: key(), name: '', type: 'set-image', clusterId, namespace: 'default', kind: 'Deployment', workload: '', container: '', image: '', manifest: '', timeoutSeconds: '' };
}

export function emptyDraft(clusterId: string): TaskDraft {
  return { name: '', description: '', params: [], steps: [newStep(clusterId)] };
}

/** The API body of a draft: only the fields each parameter type and step type uses. */
export function toDefinition(draft: TaskDraft): TaskDefinitionInput {
  return {
    name: draft.name.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    params: draft.params.map((p) => ({
      name: p.name.trim(), type: p.type, value: p.value, static: p.static,
      ...(p.description.trim() ? { description: p.description.trim() } : {}),
      ...(p.type === 'enum' ? { limits: p.limits.split(',').map((v) => v.trim()).filter((v) => v !== '') } : {}),
    })),
    steps: draft.steps.map((s): TaskStep => {
      const workload = { clusterId: s.clusterId.trim(), namespace: s.namespace.trim(), kind: s.kind, workload: s.workload.trim() };
      const timeout = s.timeoutSeconds.trim() === '' ? {} : { timeoutSeconds: Number(s.timeoutSeconds) };
      if (s.type === 'apply') return { name: s.name.trim(), type: s.type, clusterId: workload.clusterId, namespace: workload.namespace, manifest: s.manifest };
      if (s.type === 'set-image') return { name: s.name.trim(), type: s.type, ...workload, container: s.container.trim(), image: s.image.trim() };
      if (s.type === 'wait-rollout') return { name: s.name.trim(), type: s.type, ...workload, ...timeout };
      return { name: s.name.trim(), type: s.type, ...workload };
    }),
  };
}

/** A draft from a definition (the JSON editor's text going back into the form); unknown fields are dropped. */
export function fromDefinition(definition: TaskDefinitionInput, clusterId: string): TaskDraft {
  return {
    name: definition.name ?? '',
    description: definition.description ?? '',
    params: (definition.params ?? []).map((p) => ({
      ...newParam(), name: p.name, type: (FORM_PARAM_TYPES as readonly string[]).includes(p.type) ? p.type as ParamRow['type'] : 'text',
      value: p.value ?? '', description: p.description ?? '', limits: (p.limits ?? []).join(', '), static: p.static ?? false,
    })),
    steps: (definition.steps ?? []).map((s) => ({
      ...newStep(clusterId), name: s.name, type: s.type, clusterId: s.clusterId ?? clusterId, namespace: s.namespace ?? '', kind: s.kind ?? 'Deployment',
      workload: s.workload ?? '', container: s.container ?? '', image: s.image ?? '', manifest: s.manifest ?? '',
      timeoutSeconds: s.timeoutSeconds === undefined ? '' : String(s.timeoutSeconds),
    })),
  };
}

function moved<T>(rows: readonly T[], from: number, to: number): T[] {
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row!);
  return next;
}

/** Up, down and remove for row `index` of `count`, each named after the row it acts on. */
function RowButtons({ what, index, count, onMove, onRemove }: { what: string; index: number; count: number; onMove: (to: number) => void; onRemove: () => void }): ReactNode {
  const n = index + 1;
  return (
    <div className="actions">
      <button type="button" disabled={index === 0} aria-label={`Move ${what} ${n} up`} onClick={() => onMove(index - 1)}>↑ Up</button>
      <button type="button" disabled={index === count - 1} aria-label={`Move ${what} ${n} down`} onClick={() => onMove(index + 1)}>↓ Down</button>
      <button type="button" className="danger" aria-label={`Remove ${what} ${n}`} onClick={onRemove}>Remove</button>
    </div>
  );
}

export function TaskDefinitionFields({ draft, onChange, clusterId }: { draft: TaskDraft; onChange: (draft: TaskDraft) => void; clusterId: string }): ReactNode {
  const setParam = (index: number, change: Partial<ParamRow>) => onChange({ ...draft, params: draft.params.map((p, i) => (i === index ? { ...p, ...change } : p)) });
  const setStep = (index: number, change: Partial<StepRow>) => onChange({ ...draft, steps: draft.steps.map((s, i) => (i === index ? { ...s, ...change } : s)) });
  return (
    <div className="form">
      <TextField label="Task name" value={draft.name} onChange={(name) => onChange({ ...draft, name })} required />
      <TextField label="Description" value={draft.description} onChange={(description) => onChange({ ...draft, description })} />
      <fieldset>
        <legend>Parameters</legend>
        <p className="hint">Use a parameter as <code>{'${name}'}</code> in images, manifests and cluster ids. An encrypt value is never shown again; a static one cannot be changed at start.</p>
        {draft.params.length === 0 && <p className="muted">No parameters.</p>}
        {draft.params.map((p, i) => {
          const n = i + 1;
          return (
            <fieldset key={p.key} aria-label={`Parameter ${n}`} className="form-grid">
              <legend>Parameter {n}</legend>
              <TextField label={`Parameter ${n} name`} value={p.name} onChange={(name) => setParam(i, { name })} required />
              <SelectField label={`Parameter ${n} type`} value={p.type} onChange={(type) => setParam(i, { type: type as ParamRow['type'] })} options={FORM_PARAM_TYPES} />
              <TextField label={`Parameter ${n} default`} type={p.type === 'encrypt' ? 'password' : 'text'} value={p.value} onChange={(value) => setParam(i, { value })} />
              {p.type === 'enum' && (
                <TextField label={`Parameter ${n} allowed values`} value={p.limits} onChange={(limits) => setParam(i, { limits })} hint="Comma-separated; the default must be one of them." required />
              )}
              <TextField label={`Parameter ${n} description`} value={p.description} onChange={(description) => setParam(i, { description })} />
              <CheckboxField label={`Parameter ${n} is static`} checked={p.static} onChange={(fixed) => setParam(i, { static: fixed })} />
              <RowButtons what="parameter" index={i} count={draft.params.length}
                onMove={(to) => onChange({ ...draft, params: moved(draft.params, i, to) })}
                onRemove={() => onChange({ ...draft, params: draft.params.filter((_, j) => j !== i) })} />
            </fieldset>
          );
        })}
        <div className="actions"><button type="button" onClick={() => onChange({ ...draft, params: [...draft.params, newParam()] })}>Add parameter</button></div>
      </fieldset>
      <fieldset>
        <legend>Steps</legend>
        <p className="hint">Run in this order. <code>set-image</code> and <code>restart</code> follow the rollout; <code>apply</code> server-side applies YAML.</p>
        {draft.steps.map((s, i) => {
          const n = i + 1;
          const workloadFields = s.type !== 'apply';
          return (
            <fieldset key={s.key} aria-label={`Step ${n}`} className="form-grid">
              <legend>Step {n}</legend>
              <TextField label={`Step ${n} name`} value={s.name} onChange={(name) => setStep(i, { name })} required />
              <SelectField label={`Step ${n} type`} value={s.type} onChange={(type) => setStep(i, { type: type as TaskStepType })} options={['set-image', 'restart', 'wait-rollout', 'apply']} />
              <TextField label={`Step ${n} cluster`} value={s.clusterId} onChange={(id) => setStep(i, { clusterId: id })} required />
              <TextField label={`Step ${n} namespace`} value={s.namespace} onChange={(namespace) => setStep(i, { namespace })} required={workloadFields} />
              {workloadFields && <SelectField label={`Step ${n} kind`} value={s.kind} onChange={(kind) => setStep(i, { kind: kind as WorkloadKind })} options={WORKLOAD_KINDS} />}
              {workloadFields && <TextField label={`Step ${n} workload`} value={s.workload} onChange={(workload) => setStep(i, { workload })} required />}
              {s.type === 'set-image' && <TextField label={`Step ${n} container`} value={s.container} onChange={(container) => setStep(i, { container })} required />}
              {s.type === 'set-image' && <TextField label={`Step ${n} image`} value={s.image} onChange={(image) => setStep(i, { image })} placeholder="registry.example/web:${version}" required />}
              {s.type === 'wait-rollout' && <TextField label={`Step ${n} timeout (seconds)`} type="number" value={s.timeoutSeconds} onChange={(timeoutSeconds) => setStep(i, { timeoutSeconds })} />}
              {s.type === 'apply' && <TextArea label={`Step ${n} manifest (YAML)`} value={s.manifest} onChange={(manifest) => setStep(i, { manifest })} rows={8} required />}
              <RowButtons what="step" index={i} count={draft.steps.length}
                onMove={(to) => onChange({ ...draft, steps: moved(draft.steps, i, to) })}
                onRemove={() => onChange({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })} />
            </fieldset>
          );
        })}
        <div className="actions"><button type="button" onClick={() => onChange({ ...draft, steps: [...draft.steps, newStep(clusterId)] })}>Add step</button></div>
      </fieldset>
    </div>
  );
}
