/**
 * ACK trigger management (seed-apis.md §1.1 A-1…A-6), mounted at the vendor's root paths inside an ACK-enveloped
 * scope. Validation order, so the most useful error wins: schema (types, enums; 400 InvalidParameter) → path and
 * body `cluster_id` agree (400) → `project_id` shape (400) → the cluster exists (404 ErrorClusterNotFound) → the
 * Deployment or application exists (400 InvalidParameter: a bad project_id).
 *
 * DescribeTrigger returns each trigger's token, which is a credential to redeploy: it needs the `deploy`
 * permission. The deprecated GetKubernetesTrigger returns no token (as documented) and needs `read`.
 */
import { Type } from 'typebox';
import { createTrigger } from '../../../app/triggers/create-trigger.ts';
import { removeTrigger } from '../../../app/triggers/remove-trigger.ts';
import { signTriggerToken } from '../../../app/triggers/trigger-token.ts';
import { AppError, invalid, notFound } from '../../../domain/errors.ts';
import type { Principal } from '../../../domain/principal.ts';
import { parseAckId, parseProjectId, type Trigger, type TriggerAction, type TriggerType } from '../../../domain/trigger.ts';
import { principalOf } from '../../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import {
  ACK_AUTH_ERRORS, AckError, ClusterPath, ClusterTriggerPath, CreatedTriggerBody, CreateTriggerBody, DescribedTrigger,
  DescribeTriggerQuery, EmptyBody, LegacyClusterPath, TriggerIdPath, createdTriggerBody, describedTrigger,
} from './schemas.ts';

interface CreateBody {
  readonly cluster_id: string;
  readonly project_id: string;
  readonly action: TriggerAction;
  readonly type?: TriggerType | undefined;
}

interface DescribeQuery {
  readonly Namespace: string;
  readonly Name: string;
  readonly Type?: TriggerType | undefined;
  readonly action?: TriggerAction | undefined;
}

/** Most DescribeTrigger answers hold one or two triggers; ACK has no paging, so one bounded page is returned. */
const DESCRIBE_LIMIT = 500;

/** Routes under `/clusters` (A-1…A-3). */
export function ackClusterTriggerRoutes(scope: Server, deps: HttpDeps): void {
  const tags = ['ack'];
  scope.post('/:cluster_id/triggers', {
    config: { auth: 'write', signature: 'acs3', audit: 'ACK CreateTrigger' },
    schema: {
      tags, summary: 'CreateTrigger (ACK): create a redeploy trigger', operationId: 'ackCreateTrigger',
      params: ClusterPath, body: CreateTriggerBody, response: { 200: CreatedTriggerBody, 400: AckError, 404: AckError, 502: AckError, 503: AckError, ...ACK_AUTH_ERRORS },
    },
  }, async (request) => {
    if (request.body.cluster_id !== request.params.cluster_id) {
      throw invalid('cluster_id in the body does not match the cluster in the path.', [{ pointer: '/body/cluster_id', detail: `must equal the path's ${request.params.cluster_id}` }]);
    }
    return createdTriggerBody(await create(deps, principalOf(request), request.body));
  });

  scope.get('/:cluster_id/triggers', {
    config: { auth: 'deploy', signature: 'acs3' },
    schema: {
      tags, summary: 'DescribeTrigger (ACK): the triggers of one application, with their tokens', operationId: 'ackDescribeTrigger',
      params: ClusterPath, querystring: DescribeTriggerQuery, response: { 200: Type.Array(DescribedTrigger), 400: AckError, 404: AckError, ...ACK_AUTH_ERRORS },
    },
  }, async (request) => {
    const triggers = await describe(deps, principalOf(request).accountId, request.params.cluster_id, request.query);
    return triggers.map((t) => describedTrigger(t, signTriggerToken(deps.app.secrets, t)));
  });

  scope.delete('/:cluster_id/triggers/:Id', {
    config: { auth: 'write', signature: 'acs3', audit: 'ACK DeleteTrigger' },
    schema: {
      tags, summary: 'DeleteTrigger (ACK): delete a trigger; its URL stops working at once', operationId: 'ackDeleteTrigger',
      params: ClusterTriggerPath, response: { 200: EmptyBody, 404: AckError, ...ACK_AUTH_ERRORS },
    },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await existingCluster(deps, accountId, request.params.cluster_id);
    const trigger = await byAckId(deps, accountId, request.params.Id);
    if (trigger.clusterId !== request.params.cluster_id) throw triggerNotFound(request.params.Id);
    await removeTrigger(deps.app, accountId, trigger.id);
    return {};
  });
}

/** Routes under `/triggers`: the deprecated forms A-4…A-6 (CreateKubernetesTrigger, GetKubernetesTrigger, DeleteKubernetesTrigger). */
export function ackLegacyTriggerRoutes(scope: Server, deps: HttpDeps): void {
  const tags = ['ack'];
  scope.post('/', {
    config: { auth: 'write', signature: 'acs3', audit: 'ACK CreateKubernetesTrigger' },
    schema: {
      tags, summary: 'CreateKubernetesTrigger (ACK, deprecated: use CreateTrigger)', operationId: 'ackCreateKubernetesTrigger', deprecated: true,
      body: CreateTriggerBody, response: { 200: CreatedTriggerBody, 400: AckError, 404: AckError, 502: AckError, 503: AckError, ...ACK_AUTH_ERRORS },
    },
  }, async (request) => createdTriggerBody(await create(deps, principalOf(request), request.body)));

  scope.get('/:ClusterId', {
    config: { auth: 'read', signature: 'acs3' },
    schema: {
      tags, summary: 'GetKubernetesTrigger (ACK, deprecated: use DescribeTrigger); no tokens', operationId: 'ackGetKubernetesTrigger', deprecated: true,
      params: LegacyClusterPath, querystring: DescribeTriggerQuery, response: { 200: Type.Array(DescribedTrigger), 400: AckError, 404: AckError, ...ACK_AUTH_ERRORS },
    },
  }, async (request) => {
    const triggers = await describe(deps, principalOf(request).accountId, request.params.ClusterId, request.query);
    return triggers.map((t) => describedTrigger(t));
  });

  scope.delete('/revoke/:Id', {
    config: { auth: 'write', signature: 'acs3', audit: 'ACK DeleteKubernetesTrigger' },
    schema: {
      tags, summary: 'DeleteKubernetesTrigger (ACK, deprecated: use DeleteTrigger)', operationId: 'ackDeleteKubernetesTrigger', deprecated: true,
      params: TriggerIdPath, response: { 200: EmptyBody, 404: AckError, ...ACK_AUTH_ERRORS },
    },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await removeTrigger(deps.app, accountId, (await byAckId(deps, accountId, request.params.Id)).id);
    return {};
  });
}

async function create(deps: HttpDeps, principal: Principal, body: CreateBody): Promise<Trigger> {
  const target = parseProjectId(body.project_id, '/body/project_id');
  if ('pointer' in target) throw invalid(`project_id is not valid: ${target.detail}.`, [target]);
  return createTrigger(deps.app, {
    accountId: principal.accountId, clusterId: body.cluster_id, type: body.type ?? 'deployment', action: body.action,
    namespace: target.namespace, targetName: target.name, targetPointer: '/body/project_id',
    createdBy: { tokenId: principal.tokenId, name: principal.tokenName },
  });
}

async function describe(deps: HttpDeps, accountId: string, clusterId: string, query: DescribeQuery): Promise<Trigger[]> {
  await existingCluster(deps, accountId, clusterId);
  const page = await deps.app.store.triggers.list(accountId, {
    limit: DESCRIBE_LIMIT, clusterId, namespace: query.Namespace, targetName: query.Name, ...(query.Type ? { type: query.Type } : {}),
  });
  // Every stored trigger's action is `redeploy`; the filter is kept for the day there are others.
  return page.items.filter((t) => query.action === undefined || t.action === query.action);
}

async function existingCluster(deps: HttpDeps, accountId: string, clusterId: string): Promise<void> {
  if (!(await deps.app.store.clusters.get(accountId, clusterId))) throw notFound('CLUSTER_NOT_FOUND', 'Cluster', clusterId);
}

async function byAckId(deps: HttpDeps, accountId: string, raw: string): Promise<Trigger> {
  const ackId = parseAckId(raw);
  const trigger = ackId === null ? null : await deps.app.store.triggers.getByAckId(accountId, ackId);
  if (!trigger) throw triggerNotFound(raw);
  return trigger;
}

function triggerNotFound(id: string): AppError {
  return new AppError('RESOURCE_NOT_FOUND', `Trigger ${id} does not exist.`);
}
