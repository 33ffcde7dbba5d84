/**
 * ACK wire shapes (seed-apis.md §1.1, the seed, and the Alibaba SDK models A9): snake_case bodies, the
 * capitalised `Namespace`/`Name`/`Type` query of DescribeTrigger next to a lower-case `action`, ids as decimal
 * strings, and the `{code, message, requestId}` envelope.
 */
import { Type } from 'typebox';
import { projectIdOf, TRIGGER_ACTIONS, TRIGGER_TYPES, type Trigger } from '../../../domain/trigger.ts';

const ClusterId = Type.String({ minLength: 1, maxLength: 64, description: 'The cluster ID (Capstan cluster id).' });

export const AckError = Type.Object({
  code: Type.String({ description: 'ACK error code, e.g. InvalidParameter, ErrorClusterNotFound, ErrorTriggerNotFound.' }),
  message: Type.String(),
  requestId: Type.String(),
}, { description: 'ACK error envelope' });

export const ACK_AUTH_ERRORS = { 401: AckError, 403: AckError } as const;

export const ClusterPath = Type.Object({ cluster_id: ClusterId }, { additionalProperties: false });
export const LegacyClusterPath = Type.Object({ ClusterId }, { additionalProperties: false });
export const ClusterTriggerPath = Type.Object({ cluster_id: ClusterId, Id: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });
export const TriggerIdPath = Type.Object({ Id: Type.String({ minLength: 1, maxLength: 32 }) }, { additionalProperties: false });

export const CreateTriggerBody = Type.Object({
  cluster_id: ClusterId,
  project_id: Type.String({ minLength: 1, maxLength: 320, description: '${namespace}/${name}, e.g. default/test-app.' }),
  action: Type.Enum([...TRIGGER_ACTIONS], { description: 'Only redeploy.' }),
  type: Type.Optional(Type.Enum([...TRIGGER_TYPES], { default: 'deployment', description: 'deployment (default) or application.' })),
}, { additionalProperties: false });

export const DescribeTriggerQuery = Type.Object({
  Namespace: Type.String({ minLength: 1, maxLength: 63, description: 'Namespace of the application (project_id\'s first half).' }),
  Name: Type.String({ minLength: 1, maxLength: 253, description: 'Name of the Deployment or application.' }),
  Type: Type.Optional(Type.Enum([...TRIGGER_TYPES], { description: 'Filter by type; no filter when absent.' })),
  action: Type.Optional(Type.Enum([...TRIGGER_ACTIONS])),
}, { additionalProperties: false });

export const CreatedTriggerBody = Type.Object({
  id: Type.String({ description: 'Decimal trigger id, e.g. "102536".' }),
  cluster_id: Type.String(),
  project_id: Type.String(),
  type: Type.String(),
  action: Type.String(),
});

export const DescribedTrigger = Type.Object({
  id: Type.String(),
  name: Type.String(),
  cluster_id: Type.String(),
  project_id: Type.String(),
  type: Type.String(),
  action: Type.String(),
  token: Type.Optional(Type.String({ description: 'The trigger URL token: {public URL}/hook/trigger?token=<token>.' })),
});

export const EmptyBody = Type.Object({}, { description: 'Empty object.' });

export const HookQuery = Type.Object({
  token: Type.Optional(Type.String({ description: 'The trigger token (DescribeTrigger `token`).' })),
}, { additionalProperties: true });

export const HookAnswer = Type.Object({
  code: Type.String({ description: '"200"' }),
  message: Type.String(),
  requestId: Type.String({ description: 'The deploy record of this call (its status: GET /api/v1/triggers/{id}/invocations).' }),
});

export function createdTriggerBody(t: Trigger) {
  return { id: String(t.ackId), cluster_id: t.clusterId, project_id: projectIdOf(t), type: t.type, action: t.action };
}

export function describedTrigger(t: Trigger, token?: string) {
  return { id: String(t.ackId), name: t.name, cluster_id: t.clusterId, project_id: projectIdOf(t), type: t.type, action: t.action,
    ...(token === undefined ? {} : { token }) };
}
