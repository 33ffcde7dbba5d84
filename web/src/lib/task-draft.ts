/**
 * A deploy task definition as the form edits it (rows of parameters and steps, every field a string or a flag) and
 * the two conversions: `toDefinition` gives exactly the API body (POST/PUT /api/v1/deploy-tasks: only the fields
 * each parameter type and step type takes, defaults left out), `fromDefinition` reads a definition back (the
 * "Edit as JSON" text, or a stored task) so that `toDefinition(fromDefinition(d))` gives `d` again for every
 * field the form knows: application targets, `${param}` references to host_group parameters, disabled steps,
 * `waitRollout: false`, and the task's state, trigger source and timeout (which the form carries unchanged).
 *
 * Pure (no DOM, no React), so node:test checks the round trips directly (test/ui/task-draft.test.ts).
 */
import type { ParamType, TaskDefinitionInput, TaskStep, TaskStepType, WorkloadKind } from '../../../client/index.ts';

export const FORM_PARAM_TYPES = ['text', 'enum', 'encrypt', 'host_group'] as const satisfies readonly ParamType[];
export const FORM_STEP_TYPES = ['set-image', 'restart', 'wait-rollout', 'apply'] as const satisfies readonly TaskStepType[];
/** The step types whose target may be an application (every workload its selector matches) instead of one workload. */
export const APPLICATION_STEP_TYPES: readonly TaskStepType[] = ['restart', 'wait-rollout'];

export type TargetKind = 'workload' | 'application';

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
  /** The choice for restart and wait-rollout; kept when the type changes, but other types always act on a workload. */
  readonly target: TargetKind;
  /** A cluster id or `${param}` of a host_group parameter. */
  readonly clusterId: string;
  /** An application id or `${param}` of a host_group parameter. */
  readonly applicationId: string;
  readonly namespace: string;
  readonly kind: WorkloadKind;
  readonly workload: string;
  readonly container: string;
  readonly image: string;
  readonly manifest: string;
  readonly timeoutSeconds: string;
  readonly waitRollout: boolean;
  readonly enabled: boolean;
}

export interface TaskDraft {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamRow[];
  readonly steps: readonly StepRow[];
  /** Task fields the form has no control for, carried from a definition so a round trip keeps them. */
  readonly carried?: Pick<TaskDefinitionInput, 'state' | 'triggerSource' | 'timeoutSeconds'>;
}

let nextKey = 1;
const key = (): number => nextKey++;

export function newParam(): ParamRow {
  return { key: key(), name: '', type: 'text', value: '', description: '', limits: '', static: false };
}

export function newStep(clusterId: string): StepRow {
  return {
    key: key(), name: '', type: 'set-image', target: 'workload', clusterId, applicationId: '', namespace: 'default', kind: 'Deployment',
    workload: '', container: '', image: '', manifest: '', timeoutSeconds: '', waitRollout: true, enabled: true,
  };
}

export function emptyDraft(clusterId: string): TaskDraft {
  return { name: '', description: '', params: [], steps: [newStep(clusterId)] };
}

/** `${name}`: how a step refers to a parameter. */
export function paramRef(name: string): string {
  return `\${${name}}`;
}

/** Names of the draft's host_group parameters (named ones, each once): what cluster and application fields may use. */
export function hostGroupNames(draft: TaskDraft): string[] {
  const names = draft.params.filter((p) => p.type === 'host_group' && p.name.trim() !== '').map((p) => p.name.trim());
  return [...new Set(names)];
}

/** What a step acts on as the API will see it: an application only for the types that allow one. */
export function stepTarget(step: Pick<StepRow, 'type' | 'target'>): TargetKind {
  return APPLICATION_STEP_TYPES.includes(step.type) && step.target === 'application' ? 'application' : 'workload';
}

/**
 * Renames parameter `index`; steps that referred to a host_group parameter by its old name (a cluster or
 * application field that is exactly `${old}`) follow the new name, unless another parameter has the old name too.
 */
export function renameParam(draft: TaskDraft, index: number, name: string): TaskDraft {
  const param = draft.params[index];
  if (!param) return draft;
  const params = draft.params.map((p, i) => (i === index ? { ...p, name } : p));
  const old = param.name.trim();
  const shared = draft.params.some((p, i) => i !== index && p.name.trim() === old);
  if (param.type !== 'host_group' || old === '' || name.trim() === '' || shared) return { ...draft, params };
  const from = paramRef(old);
  const to = paramRef(name.trim());
  const steps = draft.steps.map((s) => (s.clusterId === from || s.applicationId === from
    ? { ...s, clusterId: s.clusterId === from ? to : s.clusterId, applicationId: s.applicationId === from ? to : s.applicationId }
    : s));
  return { ...draft, params, steps };
}

/** The API body of a draft: only the fields each parameter type and step type uses; API defaults are left out. */
export function toDefinition(draft: TaskDraft): TaskDefinitionInput {
  const carried = draft.carried ?? {};
  return {
    name: draft.name.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    ...(carried.state === undefined ? {} : { state: carried.state }),
    params: draft.params.map((p) => ({
      name: p.name.trim(), type: p.type, value: p.value, static: p.static,
      ...(p.description.trim() ? { description: p.description.trim() } : {}),
      ...(p.type === 'enum' ? { limits: p.limits.split(',').map((v) => v.trim()).filter((v) => v !== '') } : {}),
    })),
    steps: draft.steps.map(stepToDefinition),
    ...(carried.triggerSource === undefined ? {} : { triggerSource: carried.triggerSource }),
    ...(carried.timeoutSeconds === undefined ? {} : { timeoutSeconds: carried.timeoutSeconds }),
  };
}

function stepToDefinition(s: StepRow): TaskStep {
  const common = { name: s.name.trim(), type: s.type, ...(s.enabled ? {} : { enabled: false }) };
  const workload = { clusterId: s.clusterId.trim(), namespace: s.namespace.trim(), kind: s.kind, workload: s.workload.trim() };
  const target = stepTarget(s) === 'application' ? { applicationId: s.applicationId.trim() } : workload;
  const follow = s.waitRollout ? {} : { waitRollout: false };
  switch (s.type) {
    case 'apply':
      return { ...common, clusterId: workload.clusterId, namespace: workload.namespace, manifest: s.manifest };
    case 'set-image':
      return { ...common, ...workload, container: s.container.trim(), image: s.image.trim(), ...follow };
    case 'restart':
      return { ...common, ...target, ...follow };
    case 'wait-rollout':
      return { ...common, ...target, ...(s.timeoutSeconds.trim() === '' ? {} : { timeoutSeconds: Number(s.timeoutSeconds) }) };
  }
}

/**
 * A draft from a definition; fields the form does not know are dropped. `clusterId` fills the cluster of steps
 * that name none (an application step, so that switching it to a workload proposes a cluster).
 */
export function fromDefinition(definition: TaskDefinitionInput, clusterId: string): TaskDraft {
  const carried = {
    ...(definition.state === undefined ? {} : { state: definition.state }),
    ...(definition.triggerSource === undefined ? {} : { triggerSource: definition.triggerSource }),
    ...(definition.timeoutSeconds === undefined ? {} : { timeoutSeconds: definition.timeoutSeconds }),
  };
  return {
    name: definition.name ?? '',
    description: definition.description ?? '',
    params: (definition.params ?? []).map((p) => ({
      ...newParam(), name: p.name, type: (FORM_PARAM_TYPES as readonly string[]).includes(p.type) ? p.type : 'text',
      value: p.value ?? '', description: p.description ?? '', limits: (p.limits ?? []).join(', '), static: p.static ?? false,
    })),
    steps: (definition.steps ?? []).map((s): StepRow => {
      const application = s.applicationId !== undefined;
      return {
        ...newStep(clusterId), name: s.name, type: s.type, target: application ? 'application' : 'workload',
        clusterId: s.clusterId ?? clusterId, applicationId: s.applicationId ?? '', namespace: s.namespace ?? (application ? 'default' : ''),
        kind: s.kind ?? 'Deployment', workload: s.workload ?? '', container: s.container ?? '', image: s.image ?? '', manifest: s.manifest ?? '',
        timeoutSeconds: s.timeoutSeconds === undefined ? '' : String(s.timeoutSeconds),
        waitRollout: s.waitRollout ?? true, enabled: s.enabled ?? true,
      };
    }),
    ...(Object.keys(carried).length > 0 ? { carried } : {}),
  };
}

export function moved<T>(rows: readonly T[], from: number, to: number): T[] {
  const next = [...rows];
  const [row] = next.splice(from, 1);
  next.splice(to, 0, row!);
  return next;
}
