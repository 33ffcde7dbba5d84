/**
 * Native deploy-task wire shapes (/api/v1/deploy-tasks) and their mapping to domain/deploy-task.ts. Steps are one
 * flat object per step (`type` says which fields apply), so a client writes
 * `{name, type: "set-image", clusterId, namespace, kind, workload, container, image: "${image}"}`; a field that
 * does not belong to the step's type, or a missing one, is refused naming the field.
 */
import { Type, type Static } from 'typebox';
import {
  ARTIFACT_TYPES, DEFAULT_TASK_TIMEOUT_SECONDS, PARAM_TYPES, TASK_ID_PATTERN, TASK_STATES, TASK_STEP_TYPES, TRIGGER_SOURCES,
  isApplicationTarget, type ArtifactType, type DeployTask, type TaskStep, type TaskTarget, type TriggerRule,
} from '../../domain/deploy-task.ts';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { MASKED_VALUE, type ParamDefInput } from '../../domain/task-params.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from '../../domain/workload.ts';
import type { TaskDefinitionInput } from '../../app/deploy-tasks/build-task.ts';
import { Timestamp, iso } from './common.ts';

const literals = <T extends string>(values: readonly T[], description?: string) =>
  Type.Enum([...values], description === undefined ? {} : { description });

export const TaskIdParams = Type.Object({ id: Type.String({ pattern: TASK_ID_PATTERN, description: '32-character task id.' }) }, { additionalProperties: false });

export const ParamDefBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128, description: 'Referred to as ${name} in images and manifests; [A-Za-z0-9._-].' }),
  type: literals(PARAM_TYPES, 'host_group values are cluster or application ids; encrypt values are stored encrypted and shown as ******.'),
  value: Type.Optional(Type.String({ maxLength: 8192, description: 'Default. For encrypt: send ****** to keep the stored secret.' })),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  static: Type.Optional(Type.Boolean({ description: 'Fixed in the task: a start may not set it.' })),
  limits: Type.Optional(Type.Array(Type.String({ maxLength: 8192 }), { maxItems: 500, description: 'Allowed values of an enum parameter.' })),
}, { additionalProperties: false });

export const StepBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  type: literals(TASK_STEP_TYPES),
  enabled: Type.Optional(Type.Boolean({ description: 'Default true; disabled steps are skipped by every run.' })),
  clusterId: Type.Optional(Type.String({ maxLength: 140, description: 'Cluster id, or ${param} of a host_group parameter.' })),
  applicationId: Type.Optional(Type.String({ maxLength: 140, description: 'restart/wait-rollout: every workload of an application (id or ${param}).' })),
  namespace: Type.Optional(Type.String({ maxLength: 63 })),
  kind: Type.Optional(literals(WORKLOAD_KINDS)),
  workload: Type.Optional(Type.String({ maxLength: 253 })),
  container: Type.Optional(Type.String({ maxLength: 63 })),
  image: Type.Optional(Type.String({ maxLength: 512, description: 'set-image: may hold ${param} placeholders.' })),
  manifest: Type.Optional(Type.String({ maxLength: 262_144, description: 'apply: YAML (one or more objects) with ${param} placeholders, server-side applied.' })),
  waitRollout: Type.Optional(Type.Boolean({ description: 'set-image/restart: follow the rollout (default true).' })),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: 'wait-rollout: how long to wait at most.' })),
}, { additionalProperties: false });
type StepWire = Static<typeof StepBody>;

const definitionFields = {
  name: Type.String({ minLength: 3, maxLength: 128, description: '3–128 Chinese characters, letters, digits, "-", "_"; unique in the project.' }),
  description: Type.Optional(Type.String({ maxLength: 1024 })),
  state: Type.Optional(literals(TASK_STATES, 'Default Available; a Draft cannot be started.')),
  params: Type.Optional(Type.Array(ParamDefBody, { maxItems: 500 })),
  steps: Type.Array(StepBody, { maxItems: 100 }),
  triggerSource: Type.Optional(literals(TRIGGER_SOURCES, '"0" any token with deploy permission may start it (default), "1" pipeline tokens only.')),
  artifactSourceSystem: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  artifactType: Type.Optional(Type.Union([literals(ARTIFACT_TYPES), Type.Null()])),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400, description: `How long one run may take (default ${DEFAULT_TASK_TIMEOUT_SECONDS}).` })),
};

export const CreateTaskBody = Type.Object({
  ...definitionFields,
  projectId: Type.Optional(Type.String({ pattern: TASK_ID_PATTERN, description: 'CodeArts project (32 characters); default: the account\'s.' })),
  projectName: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
}, { additionalProperties: false });

export const ReplaceTaskBody = Type.Object(definitionFields, { additionalProperties: false });
export const PatchTaskBody = Type.Partial(ReplaceTaskBody, { additionalProperties: false });
type DefinitionWire = Partial<Static<typeof ReplaceTaskBody>>;

export const TriggerRuleBody = Type.Object({
  triggerSource: Type.Optional(literals(TRIGGER_SOURCES)),
  artifactSourceSystem: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Null()])),
  artifactType: Type.Optional(Type.Union([literals(ARTIFACT_TYPES), Type.Null()])),
}, { additionalProperties: false });

export const TriggerRuleView = Type.Object({
  triggerSource: literals(TRIGGER_SOURCES),
  artifactSourceSystem: Type.Union([Type.String(), Type.Null()]),
  artifactType: Type.Union([literals(ARTIFACT_TYPES), Type.Null()]),
});

export const StartTaskBody = Type.Object({
  params: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Parameter name → value for this run; static parameters cannot be set.' })),
  recordId: Type.Optional(Type.String({ pattern: TASK_ID_PATTERN, description: 'Roll back to this record of the task instead of running the steps.' })),
}, { additionalProperties: false });

const StepView = Type.Object({ ...StepBody.properties, enabled: Type.Boolean() });

export const TaskView = Type.Object({
  id: Type.String({ description: '32 characters (CodeArts task_id).' }),
  name: Type.String(),
  description: Type.String(),
  state: literals(TASK_STATES),
  projectId: Type.String(),
  projectName: Type.String(),
  templateId: Type.Union([Type.String(), Type.Null()]),
  params: Type.Array(Type.Object({
    name: Type.String(), type: literals(PARAM_TYPES), value: Type.String({ description: 'encrypt values are shown as ******.' }),
    description: Type.String(), static: Type.Boolean(), limits: Type.Array(Type.String()),
  })),
  steps: Type.Array(StepView),
  triggerSource: literals(TRIGGER_SOURCES),
  artifactSourceSystem: Type.Union([Type.String(), Type.Null()]),
  artifactType: Type.Union([literals(ARTIFACT_TYPES), Type.Null()]),
  timeoutSeconds: Type.Integer(),
  createdBy: Type.Union([Type.Object({ tokenId: Type.String(), name: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const TaskListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  projectId: Type.Optional(Type.String({ pattern: TASK_ID_PATTERN })),
}, { additionalProperties: false });

export function taskView(task: DeployTask): Static<typeof TaskView> {
  return {
    id: task.id, name: task.name, description: task.description, state: task.state, projectId: task.projectId, projectName: task.projectName,
    templateId: task.templateId,
    params: task.params.map((p) => ({ ...p, value: p.type === 'encrypt' ? MASKED_VALUE : p.value, limits: [...p.limits] })),
    steps: task.steps.map(stepToWire),
    triggerSource: task.triggerRule.triggerSource, artifactSourceSystem: task.triggerRule.artifactSourceSystem, artifactType: task.triggerRule.artifactType,
    timeoutSeconds: task.timeoutSeconds, createdBy: task.createdBy, createdAt: iso(task.createdAt), updatedAt: iso(task.updatedAt),
  };
}

export function triggerRuleView(rule: TriggerRule): Static<typeof TriggerRuleView> {
  return { ...rule };
}

function stepToWire(step: TaskStep): Static<typeof StepView> {
  const common = { name: step.name, type: step.type, enabled: step.enabled };
  switch (step.type) {
    case 'set-image':
      return { ...common, ...targetToWire(step.target), container: step.container, image: step.image, waitRollout: step.waitRollout };
    case 'restart':
      return { ...common, ...targetToWire(step.target), waitRollout: step.waitRollout };
    case 'wait-rollout':
      return { ...common, ...targetToWire(step.target), ...(step.timeoutSeconds === null ? {} : { timeoutSeconds: step.timeoutSeconds }) };
    case 'apply':
      return { ...common, clusterId: step.clusterId, namespace: step.namespace, manifest: step.manifest };
  }
}

function targetToWire(target: TaskTarget) {
  return isApplicationTarget(target) ? { applicationId: target.applicationId }
    : { clusterId: target.clusterId, namespace: target.namespace, kind: target.kind, workload: target.workload };
}

/** Which fields each step type takes (besides name, type, enabled), and which of them it requires. */
const STEP_FIELDS: Readonly<Record<TaskStep['type'], { readonly allowed: readonly (keyof StepWire)[]; readonly workloadOnly: boolean }>> = {
  'set-image': { allowed: ['clusterId', 'namespace', 'kind', 'workload', 'container', 'image', 'waitRollout'], workloadOnly: true },
  restart: { allowed: ['clusterId', 'namespace', 'kind', 'workload', 'applicationId', 'waitRollout'], workloadOnly: false },
  'wait-rollout': { allowed: ['clusterId', 'namespace', 'kind', 'workload', 'applicationId', 'timeoutSeconds'], workloadOnly: false },
  apply: { allowed: ['clusterId', 'namespace', 'manifest'], workloadOnly: true },
};

/** Maps the wire steps to domain steps; throws VALIDATION_FAILED naming every misplaced or missing field. */
export function stepsFromWire(steps: readonly StepWire[]): TaskStep[] {
  const errors: FieldError[] = [];
  const mapped = steps.map((step, i) => stepFromWire(step, `/body/steps/${i}`, errors));
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `The steps are not valid: ${errors.map((e) => `${e.pointer} ${e.detail}`).join('; ')}.`, { errors });
  return mapped as TaskStep[];
}

function stepFromWire(step: StepWire, at: string, errors: FieldError[]): TaskStep | null {
  const { allowed, workloadOnly } = STEP_FIELDS[step.type];
  for (const key of Object.keys(step) as (keyof StepWire)[]) {
    if (!['name', 'type', 'enabled', ...allowed].includes(key)) errors.push({ pointer: `${at}/${key}`, detail: `is not a field of a ${step.type} step` });
  }
  const need = (key: keyof StepWire): string => {
    const value = step[key];
    if (typeof value === 'string') return value;
    errors.push({ pointer: `${at}/${key}`, detail: `is required for a ${step.type} step` });
    return '';
  };
  const common = { name: step.name, enabled: step.enabled ?? true };
  if (step.type === 'apply') return { ...common, type: 'apply', clusterId: need('clusterId'), namespace: need('namespace'), manifest: need('manifest') };
  let target: TaskTarget;
  if (step.applicationId !== undefined && !workloadOnly) {
    for (const key of ['clusterId', 'namespace', 'kind', 'workload'] as const) {
      if (step[key] !== undefined) errors.push({ pointer: `${at}/${key}`, detail: 'cannot be combined with applicationId (the application chooses the workloads)' });
    }
    target = { applicationId: step.applicationId };
  } else {
    target = { clusterId: need('clusterId'), namespace: need('namespace'), kind: (step.kind ?? kindMissing(at, errors)) as WorkloadKind, workload: need('workload') };
  }
  switch (step.type) {
    case 'set-image':
      return { ...common, type: 'set-image', target: target as Exclude<TaskTarget, { applicationId: string }>, container: need('container'), image: need('image'), waitRollout: step.waitRollout ?? true };
    case 'restart':
      return { ...common, type: 'restart', target, waitRollout: step.waitRollout ?? true };
    case 'wait-rollout':
      return { ...common, type: 'wait-rollout', target, timeoutSeconds: step.timeoutSeconds ?? null };
  }
}

function kindMissing(at: string, errors: FieldError[]): WorkloadKind {
  errors.push({ pointer: `${at}/kind`, detail: 'is required (Deployment, StatefulSet or DaemonSet)' });
  return 'Deployment';
}

/** The wire definition as the use cases take it; fields left out of a PATCH stay undefined. */
export function definitionFromWire(body: DefinitionWire, current: TriggerRule | null): Partial<TaskDefinitionInput> {
  const params = body.params?.map((p): ParamDefInput => ({
    name: p.name, type: p.type, value: p.value ?? '', description: p.description ?? '', static: p.static ?? false, limits: p.limits ?? [],
  }));
  const ruleGiven = body.triggerSource !== undefined || body.artifactSourceSystem !== undefined || body.artifactType !== undefined;
  const base = current ?? { triggerSource: '0', artifactSourceSystem: null, artifactType: null };
  const triggerRule: TriggerRule | undefined = ruleGiven ? {
    triggerSource: body.triggerSource ?? base.triggerSource,
    artifactSourceSystem: body.artifactSourceSystem === undefined ? base.artifactSourceSystem : body.artifactSourceSystem,
    artifactType: body.artifactType === undefined ? base.artifactType : (body.artifactType as ArtifactType | null),
  } : undefined;
  return {
    ...(body.name === undefined ? {} : { name: body.name }),
    ...(body.description === undefined ? {} : { description: body.description }),
    ...(body.state === undefined ? {} : { state: body.state }),
    ...(params === undefined ? {} : { params }),
    ...(body.steps === undefined ? {} : { steps: stepsFromWire(body.steps) }),
    ...(triggerRule === undefined ? {} : { triggerRule }),
    ...(body.timeoutSeconds === undefined ? {} : { timeoutSeconds: body.timeoutSeconds }),
  };
}
