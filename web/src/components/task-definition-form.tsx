/**
 * The fields of a deploy task definition as a form: name, description, a list of parameters (text, enum with its
 * allowed values, encrypt, host_group; static or settable at start) and an ordered list of steps whose fields
 * follow the step's type. A restart or wait-rollout step targets one workload or an application (every workload
 * its selector matches); clusters and applications are picked from the account's lists, or as `${name}` of a
 * host_group parameter, whose value given at start then chooses. Rows are added, removed and moved with buttons
 * (every control has its own label, so the form works from the keyboard and with a screen reader). The rows and
 * their conversion to the API body live in lib/task-draft.ts; checking the values is the server's (its problem
 * details name the wrong field).
 */
import type { ReactNode } from 'react';
import { WORKLOAD_KINDS, type TaskStepType, type WorkloadKind } from '../../../client/index.ts';
import type { Loaded } from '../lib/use-api.ts';
import type { TargetChoices } from '../lib/use-target-choices.ts';
import {
  APPLICATION_STEP_TYPES, FORM_PARAM_TYPES, FORM_STEP_TYPES, hostGroupNames, moved, newParam, newStep, paramRef, renameParam, stepTarget,
  type ParamRow, type StepRow, type TargetKind, type TaskDraft,
} from '../lib/task-draft.ts';
import { CheckboxField, SelectField, TextArea, TextField } from './fields.tsx';
import { ReferenceField } from './reference-field.tsx';

const TARGET_OPTIONS: readonly { value: TargetKind; label: string }[] = [
  { value: 'workload', label: 'Workload' },
  { value: 'application', label: 'Application' },
];

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

export function TaskDefinitionFields({ draft, onChange, choices }: {
  draft: TaskDraft;
  onChange: (draft: TaskDraft) => void;
  /** The account's clusters and applications (lib/use-target-choices.ts); new steps propose the first cluster. */
  choices: Loaded<TargetChoices>;
}): ReactNode {
  const setParam = (index: number, change: Partial<ParamRow>) => onChange({ ...draft, params: draft.params.map((p, i) => (i === index ? { ...p, ...change } : p)) });
  const setStep = (index: number, change: Partial<StepRow>) => onChange({ ...draft, steps: draft.steps.map((s, i) => (i === index ? { ...s, ...change } : s)) });
  const hostGroups = hostGroupNames(draft);
  const firstCluster = choices.data?.clusters[0]?.id ?? '';
  return (
    <div className="form">
      <TextField label="Task name" value={draft.name} onChange={(name) => onChange({ ...draft, name })} required />
      <TextField label="Description" value={draft.description} onChange={(description) => onChange({ ...draft, description })} />
      <fieldset>
        <legend>Parameters</legend>
        <p className="hint">
          Use a parameter as <code>{'${name}'}</code> in images and manifests; a host_group parameter chooses a step's cluster or application.
          An encrypt value is never shown again; a static one cannot be changed at start.
        </p>
        {draft.params.length === 0 && <p className="muted">No parameters.</p>}
        {draft.params.map((p, i) => {
          const n = i + 1;
          return (
            <fieldset key={p.key} aria-label={`Parameter ${n}`} className="form-grid">
              <legend>Parameter {n}</legend>
              <TextField label={`Parameter ${n} name`} value={p.name} onChange={(name) => onChange(renameParam(draft, i, name))} required />
              <SelectField label={`Parameter ${n} type`} value={p.type} onChange={(type) => setParam(i, { type: type as ParamRow['type'] })} options={FORM_PARAM_TYPES}
                hint={p.type === 'host_group' ? <>Its value is a cluster id or an application id, chosen at start. Steps use it as <code>{paramRef(p.name.trim() || 'name')}</code> for their cluster or application.</> : undefined} />
              {p.type === 'host_group'
                ? <ReferenceField label={`Parameter ${n} default`} value={p.value} onChange={(value) => setParam(i, { value })} choices={choices}
                    offer={{ clusters: true, applications: true }} emptyLabel="None (chosen at start)" />
                : <TextField label={`Parameter ${n} default`} type={p.type === 'encrypt' ? 'password' : 'text'} value={p.value} onChange={(value) => setParam(i, { value })} />}
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
        <p className="hint">
          Run in this order. <code>set-image</code> and <code>restart</code> follow the rollout; <code>apply</code> server-side applies YAML.
          A <code>restart</code> or <code>wait-rollout</code> can act on an application: every workload its selector matches.
        </p>
        {draft.steps.map((s, i) => {
          const n = i + 1;
          const target = stepTarget(s);
          const workloadFields = s.type !== 'apply' && target === 'workload';
          return (
            <fieldset key={s.key} aria-label={`Step ${n}`} className="form-grid">
              <legend>Step {n}</legend>
              <TextField label={`Step ${n} name`} value={s.name} onChange={(name) => setStep(i, { name })} required />
              <SelectField label={`Step ${n} type`} value={s.type} onChange={(type) => setStep(i, { type: type as TaskStepType })} options={FORM_STEP_TYPES} />
              {APPLICATION_STEP_TYPES.includes(s.type) && (
                <SelectField label={`Step ${n} target`} value={target} onChange={(kind) => setStep(i, { target: kind as TargetKind })} options={TARGET_OPTIONS} />
              )}
              {target === 'application'
                ? <ReferenceField label={`Step ${n} application`} value={s.applicationId} onChange={(id) => setStep(i, { applicationId: id })} required
                    choices={choices} offer={{ clusters: false, applications: true }} hostGroups={hostGroups} />
                : <ReferenceField label={`Step ${n} cluster`} value={s.clusterId} onChange={(id) => setStep(i, { clusterId: id })} required
                    choices={choices} offer={{ clusters: true, applications: false }} hostGroups={hostGroups} />}
              {target === 'workload' && <TextField label={`Step ${n} namespace`} value={s.namespace} onChange={(namespace) => setStep(i, { namespace })} required={s.type !== 'apply'} />}
              {workloadFields && <SelectField label={`Step ${n} kind`} value={s.kind} onChange={(kind) => setStep(i, { kind: kind as WorkloadKind })} options={WORKLOAD_KINDS} />}
              {workloadFields && <TextField label={`Step ${n} workload`} value={s.workload} onChange={(workload) => setStep(i, { workload })} required />}
              {s.type === 'set-image' && <TextField label={`Step ${n} container`} value={s.container} onChange={(container) => setStep(i, { container })} required />}
              {s.type === 'set-image' && <TextField label={`Step ${n} image`} value={s.image} onChange={(image) => setStep(i, { image })} placeholder="registry.example/web:${version}" required />}
              {s.type === 'wait-rollout' && <TextField label={`Step ${n} timeout (seconds)`} type="number" value={s.timeoutSeconds} onChange={(timeoutSeconds) => setStep(i, { timeoutSeconds })} />}
              {s.type === 'apply' && <TextArea label={`Step ${n} manifest (YAML)`} value={s.manifest} onChange={(manifest) => setStep(i, { manifest })} rows={8} required />}
              {(s.type === 'set-image' || s.type === 'restart') && (
                <CheckboxField label={`Step ${n} follows the rollout`} checked={s.waitRollout} onChange={(waitRollout) => setStep(i, { waitRollout })} />
              )}
              <CheckboxField label={`Step ${n} is enabled`} checked={s.enabled} onChange={(enabled) => setStep(i, { enabled })} hint={s.enabled ? undefined : 'Kept in the task, left out of every run.'} />
              <RowButtons what="step" index={i} count={draft.steps.length}
                onMove={(to) => onChange({ ...draft, steps: moved(draft.steps, i, to) })}
                onRemove={() => onChange({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })} />
            </fieldset>
          );
        })}
        <div className="actions"><button type="button" onClick={() => onChange({ ...draft, steps: [...draft.steps, newStep(firstCluster)] })}>Add step</button></div>
      </fieldset>
    </div>
  );
}
