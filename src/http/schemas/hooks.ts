/** Native API shapes of the execution-hook family (hook sources, execution hooks, hook runs, operations). */
import { Type } from 'typebox';
import type { HookMatches } from '../../app/hooks/preview-hook-matches.ts';
import { CRITERION_TYPES, MAX_CRITERIA, MAX_PATTERN_LENGTH } from '../../domain/container-criteria.ts';
import { FAILURE_MODES, HOOK_ACTIONS, HOOK_LIMITS, HOOK_STAGES, HOOK_TIMEOUT_SECONDS, type ExecutionHook } from '../../domain/execution-hook.ts';
import { returnCodeOf, type HookRun } from '../../domain/hook-run.ts';
import { MAX_SOURCE_LENGTH, type HookSource } from '../../domain/hook-source.ts';
import type { ProtectionOperation } from '../../domain/protection-operation.ts';
import { Timestamp, iso } from './common.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Labels = Type.Array(Type.Object({ name: Type.String({ maxLength: 317 }), value: Type.String({ maxLength: 63 }) }, { additionalProperties: false }), { maxItems: 64 });

export const HookSourceBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: HOOK_LIMITS.nameLength }),
  source: Type.String({ maxLength: MAX_SOURCE_LENGTH, description: 'Base64 of the script (≤ 96 KiB decoded; UTF-8 text, LF line endings). Start it with #! to choose the interpreter.' }),
  description: Type.Optional(Type.String({ maxLength: HOOK_LIMITS.descriptionLength })),
  labels: Type.Optional(Labels),
}, { additionalProperties: false });

export const HookSourceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  sourceType: Type.String(),
  source: Type.Optional(Type.String({ description: 'Absent for private sources.' })),
  sourceMd5: Type.String({ description: 'MD5 of the base64 text (Astra sourceMD5Checksum).' }),
  private: Type.Boolean(),
  preloaded: Type.Boolean({ description: 'Shipped with Capstan for the NetApp-provided hooks; read-only.' }),
  description: Type.String(),
  labels: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Criterion = Type.Object({
  type: Type.Enum([...CRITERION_TYPES]),
  value: Type.String({ minLength: 1, maxLength: MAX_PATTERN_LENGTH, description: 'RE2, searched unanchored.' }),
}, { additionalProperties: false });

export const ExecutionHookBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: HOOK_LIMITS.nameLength }),
  applicationId: Id,
  action: Type.Enum([...HOOK_ACTIONS], { description: 'snapshot | backup | restore | failover, or a deploy action: redeploy | update-image | deploy | rollback.' }),
  stage: Type.Enum([...HOOK_STAGES]),
  hookSourceId: Id,
  matchingCriteria: Type.Optional(Type.Array(Criterion, { maxItems: MAX_CRITERIA, description: 'All must match (AND); none = every container.' })),
  arguments: Type.Optional(Type.Array(Type.String({ maxLength: HOOK_LIMITS.argumentLength }), { maxItems: HOOK_LIMITS.arguments })),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  description: Type.Optional(Type.String({ maxLength: HOOK_LIMITS.descriptionLength })),
  failureMode: Type.Optional(Type.Enum([...FAILURE_MODES], { description: 'soft (default): recorded, the action goes on; hard: a failure fails the action.' })),
  timeoutSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: HOOK_TIMEOUT_SECONDS.min, maximum: HOOK_TIMEOUT_SECONDS.max }), Type.Null()], { description: 'Default: CAPSTAN_HOOK_TIMEOUT_MS.' })),
  labels: Type.Optional(Labels),
}, { additionalProperties: false });

const TargetView = Type.Object({
  namespace: Type.String(), podName: Type.String(), podLabels: Type.Record(Type.String(), Type.String()),
  containerName: Type.String(), containerImage: Type.String(),
});

export const ExecutionHookView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  hookType: Type.String(),
  applicationId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  stage: Type.String(),
  matchingCriteria: Type.Array(Type.Object({ type: Type.String(), value: Type.String() })),
  hookSourceId: Type.String(),
  arguments: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  description: Type.String(),
  failureMode: Type.String(),
  timeoutSeconds: Type.Union([Type.Integer(), Type.Null()]),
  labels: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  matches: Type.Optional(Type.Union([Type.Object({ containers: Type.Array(TargetView), images: Type.Array(Type.String()) }), Type.Null()], {
    description: 'On GET of one hook: the containers it would run in now (null when the cluster cannot be reached).',
  })),
});

export const HookListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  applicationId: Type.Optional(Id),
}, { additionalProperties: false });

export const HookFeatureBody = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

export const HookRunView = Type.Object({
  id: Type.String(),
  recordId: Type.Union([Type.String(), Type.Null()]),
  operationId: Type.Union([Type.String(), Type.Null()]),
  seq: Type.Integer(),
  executionHookId: Type.String(),
  hookName: Type.String(),
  hookType: Type.String(),
  applicationId: Type.String(),
  action: Type.String(),
  stage: Type.String(),
  failureMode: Type.String(),
  arguments: Type.Array(Type.String()),
  namespace: Type.Union([Type.String(), Type.Null()]),
  podName: Type.Union([Type.String(), Type.Null()]),
  containerName: Type.Union([Type.String(), Type.Null()]),
  containerImage: Type.Union([Type.String(), Type.Null()]),
  state: Type.String({ description: 'running, succeeded, failed, timedOut or skipped (no containers matched).' }),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  returnCode: Type.String({ description: 'The exit code as text; N/A when there is none (timeout).' }),
  message: Type.Union([Type.String(), Type.Null()]),
  stdoutTail: Type.String(),
  stderrTail: Type.String(),
  startedAt: Timestamp,
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
});

export const OperationView = Type.Object({
  id: Type.String(),
  applicationId: Type.String(),
  action: Type.String(),
  name: Type.String(),
  state: Type.String(),
  stateUnready: Type.Array(Type.String()),
  hookState: Type.Union([Type.String(), Type.Null()]),
  volumeSnapshots: Type.Array(Type.Object({ name: Type.String(), pvcName: Type.String(), readyToUse: Type.Boolean(), error: Type.Union([Type.String(), Type.Null()]) })),
  createdAt: Timestamp,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
});

export function hookSourceView(s: HookSource) {
  return {
    id: s.id, name: s.name, sourceType: s.sourceType, ...(s.private ? {} : { source: s.source }), sourceMd5: s.sourceMd5,
    private: s.private, preloaded: s.preloaded, description: s.description, labels: [...s.labels],
    createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
  };
}

export function executionHookView(h: ExecutionHook, matches?: HookMatches | null) {
  return {
    id: h.id, name: h.name, hookType: h.hookType, applicationId: h.applicationId, action: h.action, stage: h.stage,
    matchingCriteria: h.matchingCriteria.map((c) => ({ type: c.type, value: c.value })), hookSourceId: h.hookSourceId,
    arguments: [...h.arguments], enabled: h.enabled, description: h.description, failureMode: h.failureMode,
    timeoutSeconds: h.timeoutMs === null ? null : Math.round(h.timeoutMs / 1000), labels: [...h.labels],
    createdAt: iso(h.createdAt), updatedAt: iso(h.updatedAt),
    ...(matches === undefined ? {} : { matches: matches === null ? null : { containers: matches.containers.map((c) => ({ ...c, podLabels: { ...c.podLabels } })), images: [...matches.images] } }),
  };
}

export function hookRunView(r: HookRun) {
  return {
    id: r.id, recordId: r.recordId, operationId: r.operationId, seq: r.seq, executionHookId: r.executionHookId, hookName: r.hookName,
    hookType: r.hookType, applicationId: r.applicationId, action: r.action, stage: r.stage, failureMode: r.failureMode,
    arguments: [...r.arguments], namespace: r.namespace, podName: r.podName, containerName: r.containerName,
    containerImage: r.containerImage, state: r.state, exitCode: r.exitCode, returnCode: returnCodeOf(r), message: r.message,
    stdoutTail: r.stdoutTail, stderrTail: r.stderrTail, startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt), durationMs: r.durationMs,
  };
}

export function operationView(op: ProtectionOperation) {
  return {
    id: op.id, applicationId: op.applicationId, action: op.action, name: op.name, state: op.state, stateUnready: [...op.stateUnready],
    hookState: op.hookState, volumeSnapshots: op.volumeSnapshots.map((v) => ({ ...v })),
    createdAt: iso(op.createdAt), startedAt: iso(op.startedAt), finishedAt: iso(op.finishedAt),
  };
}
