import { Type, type TSchema } from 'typebox';
import {
  RECORD_STATES,
  RecordOrigin,
  RecordType,
  StepState,
  type DeployRecord,
  type DeployStep,
  type RecordChange,
} from '../../domain/deploy-record.ts';
import { Timestamp, iso } from './common.ts';

/** What an `encrypt` parameter's value is rendered as, everywhere. */
export const MASKED = '******';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const StepStateSchema = Type.Enum(Object.values(StepState));

export const RecordListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size (1–200).' })),
  cursor: Type.Optional(Type.String({ maxLength: 512, description: 'nextCursor of the previous page.' })),
  taskId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  triggerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  state: Type.Optional(Type.Enum([...RECORD_STATES])),
  type: Type.Optional(Type.Enum(Object.values(RecordType))),
}, { additionalProperties: false });

export const RecordDetailQuery = Type.Object({
  templates: Type.Optional(Type.Boolean({ default: false, description: 'Include each change\'s full pod templates (before and after).' })),
}, { additionalProperties: false });

export const WorkloadProgressView = Type.Object({
  clusterId: Type.String(),
  namespace: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  state: StepStateSchema,
  message: Nullable(Type.String({ description: 'kubectl-style rollout message, or the failure reason.' })),
  warning: Type.Optional(Type.String({ description: 'Something to know about the change, e.g. that Argo CD or Flux reconciles this workload and may revert it.' })),
  desired: Type.Optional(Type.Integer()),
  updated: Type.Optional(Type.Integer()),
  ready: Type.Optional(Type.Integer()),
});

export const StepView = Type.Object({
  index: Type.Integer(),
  name: Type.String(),
  type: Type.String({ description: 'restart, set-image, apply, wait-rollout or restore' }),
  state: StepStateSchema,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  message: Nullable(Type.String()),
  workloads: Type.Array(WorkloadProgressView),
});

export const RecordView = Type.Object({
  id: Type.String({ description: '32 hex characters.' }),
  type: Type.Enum(Object.values(RecordType)),
  origin: Type.Enum(Object.values(RecordOrigin)),
  state: Type.Enum([...RECORD_STATES]),
  taskId: Nullable(Type.String()),
  releaseId: Nullable(Type.Integer()),
  triggerId: Nullable(Type.String()),
  rollbackOfRecordId: Nullable(Type.String()),
  jobName: Type.String(),
  hookAction: Type.String(),
  params: Type.Array(Type.Object({
    key: Type.String(),
    type: Type.String(),
    value: Type.String({ description: `Values of \`encrypt\` parameters are always rendered as ${MASKED}.` }),
  })),
  steps: Type.Array(StepView),
  deadlineAt: Timestamp,
  error: Nullable(Type.String({ description: 'Why the record failed or stopped, naming the step.' })),
  stopRequested: Type.Boolean(),
  createdBy: Nullable(Type.Object({ tokenId: Type.String(), name: Type.String() })),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
  updatedAt: Timestamp,
});

const PlanStepView = Type.Object({
  type: Type.String(),
  name: Type.String(),
  clusterId: Type.Optional(Type.String()),
  applicationId: Type.Optional(Type.String()),
  namespace: Type.Optional(Type.String()),
  kind: Type.Optional(Type.String()),
  workload: Type.Optional(Type.String({ description: 'Workload name, for steps that target one.' })),
  container: Type.Optional(Type.String()),
  image: Type.Optional(Type.String({ description: 'As planned, with ${param} placeholders unfilled.' })),
});

export const ChangeView = Type.Object({
  stepIndex: Type.Integer(),
  clusterId: Type.String(),
  namespace: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  at: Timestamp,
  containers: Type.Array(Type.Object({
    name: Type.String(),
    init: Type.Boolean(),
    before: Nullable(Type.String({ description: 'Image before the write; null when the container did not exist or was not captured.' })),
    after: Nullable(Type.String()),
  })),
  before: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Pod template before ({} when not captured); with ?templates=true.' })),
  after: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Pod template after; with ?templates=true.' })),
});

export const RecordDetail = Type.Object({
  ...RecordView.properties,
  plan: Type.Array(PlanStepView),
  changes: Type.Array(ChangeView),
});

export function recordView(r: DeployRecord) {
  return {
    id: r.id, type: r.type, origin: r.origin, state: r.state, taskId: r.taskId, releaseId: r.releaseId, triggerId: r.triggerId,
    rollbackOfRecordId: r.rollbackOfRecordId, jobName: r.jobName, hookAction: r.hookAction,
    params: r.params.map((p) => ({ key: p.key, type: p.type, value: p.type === 'encrypt' ? MASKED : p.value })),
    steps: r.steps.map((s) => ({
      index: s.index, name: s.name, type: s.type, state: s.state, startedAt: iso(s.startedAt), finishedAt: iso(s.finishedAt), message: s.message,
      workloads: s.workloads.map(({ workload, ...w }) => ({ ...w, namespace: workload.namespace, kind: workload.kind, name: workload.name })),
    })),
    deadlineAt: iso(r.deadlineAt), error: r.error, stopRequested: r.stopRequested, createdBy: r.createdBy,
    createdAt: iso(r.createdAt), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt), updatedAt: iso(r.updatedAt),
  };
}

/** The record with its plan (targets only: no manifests, no templates) and its changes as image diffs. */
export function recordDetail(r: DeployRecord, changes: readonly RecordChange[], templates: boolean) {
  return { ...recordView(r), plan: r.plan.map(planStepView), changes: changes.map((c) => changeView(c, templates)) };
}

function planStepView(step: DeployStep) {
  const base = { type: step.type, name: step.name };
  switch (step.type) {
    case 'apply':
      return { ...base, clusterId: step.clusterId, namespace: step.namespace };
    case 'restore':
      return { ...base, clusterId: step.clusterId, namespace: step.workload.namespace, kind: step.workload.kind, workload: step.workload.name };
    default: {
      const target = 'applicationId' in step.target ? { applicationId: step.target.applicationId }
        : { clusterId: step.target.clusterId, namespace: step.target.workload.namespace, kind: step.target.workload.kind, workload: step.target.workload.name };
      return { ...base, ...target, ...(step.type === 'set-image' ? { container: step.container, image: step.image } : {}) };
    }
  }
}

function changeView(c: RecordChange, templates: boolean) {
  const before = containerImages(c.before);
  const after = containerImages(c.after);
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return {
    stepIndex: c.stepIndex, clusterId: c.clusterId, namespace: c.workload.namespace, kind: c.workload.kind, name: c.workload.name, at: iso(c.at),
    containers: names.map((name) => ({
      name, init: (before.get(name) ?? after.get(name))?.init ?? false, before: before.get(name)?.image ?? null, after: after.get(name)?.image ?? null,
    })),
    ...(templates ? { before: c.before, after: c.after } : {}),
  };
}

function containerImages(template: Record<string, unknown>): Map<string, { image: string | null; init: boolean }> {
  const spec = template['spec'] as { initContainers?: unknown; containers?: unknown } | undefined;
  const out = new Map<string, { image: string | null; init: boolean }>();
  for (const [list, init] of [[spec?.initContainers, true], [spec?.containers, false]] as const) {
    if (!Array.isArray(list)) continue;
    for (const c of list as { name?: unknown; image?: unknown }[]) {
      if (typeof c?.name === 'string') out.set(c.name, { image: typeof c.image === 'string' ? c.image : null, init });
    }
  }
  return out;
}
