import { Type } from 'typebox';
import type { DeployRecord } from '../../domain/deploy-record.ts';
import { DNS_LABEL } from '../../domain/label-selector.ts';
import { RECORD_STATES } from '../../domain/deploy-record.ts';
import { MAX_RATE_LIMIT_PER_MINUTE, projectIdOf, TRIGGER_ACTIONS, TRIGGER_TYPES, type Trigger } from '../../domain/trigger.ts';
import { Timestamp, iso } from './common.ts';

const RateLimit = Type.Integer({ minimum: 1, maximum: MAX_RATE_LIMIT_PER_MINUTE, description: 'Accepted calls per minute (burst = the limit), per server process.' });

export const CreateTriggerBody = Type.Object({
  clusterId: Type.String({ minLength: 1, maxLength: 64 }),
  type: Type.Optional(Type.Enum([...TRIGGER_TYPES], { default: 'deployment', description: 'deployment: one Deployment; application: every workload of a Capstan application.' })),
  namespace: Type.String({ pattern: DNS_LABEL, maxLength: 63 }),
  target: Type.String({ minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', description: 'Deployment name (type deployment) or application name (type application).' }),
  action: Type.Optional(Type.Enum([...TRIGGER_ACTIONS], { default: 'redeploy' })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Default <target>-redeploy-<ackId>.' })),
  requireSignature: Type.Optional(Type.Boolean({ description: 'Calls must also carry a Standard Webhooks signature made with signingSecret.' })),
  rateLimitPerMinute: Type.Optional(RateLimit),
}, { additionalProperties: false });

export const UpdateTriggerBody = Type.Object({
  requireSignature: Type.Optional(Type.Boolean()),
  rateLimitPerMinute: Type.Optional(Type.Union([RateLimit, Type.Null()], { description: 'null removes the limit.' })),
}, { additionalProperties: false, minProperties: 1 });

export const TriggerListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  clusterId: Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(Type.Enum([...TRIGGER_TYPES])),
  namespace: Type.Optional(Type.String({ maxLength: 63 })),
  target: Type.Optional(Type.String({ maxLength: 253 })),
}, { additionalProperties: false });

export const InvocationListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
  state: Type.Optional(Type.Enum([...RECORD_STATES])),
}, { additionalProperties: false });

export const TriggerView = Type.Object({
  id: Type.String(),
  ackId: Type.String({ description: 'ACK\'s decimal trigger id.' }),
  name: Type.String(),
  clusterId: Type.String(),
  type: Type.Enum([...TRIGGER_TYPES]),
  namespace: Type.String(),
  target: Type.String(),
  projectId: Type.String({ description: 'ACK project_id: namespace/target.' }),
  applicationId: Type.Union([Type.String(), Type.Null()]),
  action: Type.Enum([...TRIGGER_ACTIONS]),
  requireSignature: Type.Boolean(),
  rateLimitPerMinute: Type.Union([Type.Integer(), Type.Null()]),
  createdBy: Type.Union([Type.Object({ tokenId: Type.String(), name: Type.String() }), Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreatedTrigger = Type.Object({
  ...TriggerView.properties,
  url: Type.String({ description: 'The trigger URL. It is the credential: keep it secret; delete the trigger to revoke it.' }),
  signingSecret: Type.Optional(Type.String({ description: 'Standard Webhooks secret (whsec_…), present when requireSignature is on.' })),
});

export const UpdatedTrigger = Type.Object({
  ...TriggerView.properties,
  signingSecret: Type.Optional(Type.String({ description: 'Present when this change turned requireSignature on.' })),
});

const WorkloadProgressView = Type.Object({
  clusterId: Type.String(),
  namespace: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  state: Type.String(),
  message: Type.Union([Type.String(), Type.Null()]),
  warning: Type.Optional(Type.String()),
});

export const InvocationView = Type.Object({
  recordId: Type.String({ description: 'The deploy record of this call (the requestId the hook answered with).' }),
  state: Type.Enum([...RECORD_STATES]),
  hookAction: Type.String({ description: 'redeploy, or update-image when the call overrode images.' }),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  finishedAt: Type.Union([Timestamp, Type.Null()]),
  steps: Type.Array(Type.Object({
    name: Type.String(),
    type: Type.String(),
    state: Type.String(),
    message: Type.Union([Type.String(), Type.Null()]),
    workloads: Type.Array(WorkloadProgressView),
  })),
});

export function triggerView(t: Trigger) {
  return {
    id: t.id, ackId: String(t.ackId), name: t.name, clusterId: t.clusterId, type: t.type, namespace: t.namespace,
    target: t.targetName, projectId: projectIdOf(t), applicationId: t.applicationId, action: t.action,
    requireSignature: t.requireSignature, rateLimitPerMinute: t.rateLimitPerMinute, createdBy: t.createdBy,
    createdAt: iso(t.createdAt), updatedAt: iso(t.updatedAt),
  };
}

export function invocationView(r: DeployRecord) {
  return {
    recordId: r.id, state: r.state, hookAction: r.hookAction, error: r.error,
    createdAt: iso(r.createdAt), startedAt: iso(r.startedAt), finishedAt: iso(r.finishedAt),
    steps: r.steps.map((s) => ({
      name: s.name, type: s.type, state: s.state, message: s.message,
      workloads: s.workloads.map((w) => ({ clusterId: w.clusterId, ...w.workload, state: w.state, message: w.message, ...(w.warning === undefined ? {} : { warning: w.warning }) })),
    })),
  };
}
