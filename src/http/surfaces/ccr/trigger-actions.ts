/**
 * The five Tencent trigger actions, shared by API 2.0 and API 3.0 (seed-apis.md §2.1): they differ only in
 * parameter names (action-params.ts), in which parameters 3.0 requires, and in how answers are shaped (the
 * v2/v3 surfaces). Triggers are addressed by name; `clusterId` is the Capstan cluster id; `clusterRegion` is stored
 * and echoed. Reads need the `read` permission, writes `write`.
 */
import type { Window } from '../../../app/ports/image-trigger-repos.ts';
import { createImageTrigger } from '../../../app/image-triggers/create-image-trigger.ts';
import { deleteImageTrigger } from '../../../app/image-triggers/delete-image-trigger.ts';
import { findImageTriggerByName } from '../../../app/image-triggers/find-image-trigger-by-name.ts';
import { imageTriggerWindow } from '../../../app/image-triggers/image-trigger-window.ts';
import { modifyImageTrigger } from '../../../app/image-triggers/modify-image-trigger.ts';
import { triggerLogWindow } from '../../../app/image-triggers/trigger-log-window.ts';
import { AppError, invalid } from '../../../domain/errors.ts';
import { MAX_CLUSTER_REGION, type ImageTrigger } from '../../../domain/image-trigger.ts';
import { INVOKE_METHODS } from '../../../domain/image-trigger-condition.ts';
import type { TriggerLog } from '../../../domain/image-trigger-log.ts';
import type { Principal } from '../../../domain/principal.ts';
import { roleAllows } from '../../../domain/roles.ts';
import { WORKLOAD_KINDS, type WorkloadKind } from '../../../domain/workload.ts';
import type { HttpDeps } from '../../http-deps.ts';
import type { ActionParams, ParamKey } from './action-params.ts';

export interface ActionContext {
  readonly deps: HttpDeps;
  readonly principal: Principal;
  readonly params: ActionParams;
}

/** Offset/limit paging of both generations: limit 20 by default and at most 100 (3.0 documents the cap; 2.0 follows). */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** TKE's workload types (3.0 `WorkloadType`); Capstan changes the first three. */
const TKE_WORKLOAD_TYPES = ['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job'] as const;
const REGION = { min: 0, max: MAX_CLUSTER_REGION };

export const ADD_KEYS: readonly ParamKey[] = ['triggerName', 'repoName', 'invokeMethod', 'invokeExpr', 'workloadName', 'workloadType', 'clusterId', 'namespace', 'containerName', 'clusterRegion'];
export const MODIFY_KEYS: readonly ParamKey[] = [...ADD_KEYS, 'newTriggerName'];
export const LIST_KEYS: readonly ParamKey[] = ['triggerName', 'repoName', 'offset', 'limit'];
export const LOG_KEYS: readonly ParamKey[] = ['repoName', 'offset', 'limit', 'order', 'orderBy'];
export const DELETE_KEYS: readonly ParamKey[] = ['triggerName'];

export interface AddOptions {
  /** API 3.0 requires `WorkloadType` and `ClusterRegion`; 2.0 names only a service (a Deployment) and region is optional. */
  readonly strict: boolean;
}

export async function addTrigger({ deps, principal, params }: ActionContext, options: AddOptions): Promise<ImageTrigger> {
  requireWrite(principal);
  const name = params.requiredString('triggerName');
  const repository = params.requiredString('repoName');
  const method = requiredMethod(params);
  const workloadName = params.requiredString('workloadName');
  const clusterId = params.requiredString('clusterId');
  const namespace = params.requiredString('namespace');
  const containerName = params.requiredString('containerName');
  const workloadKind = options.strict ? workloadKindOf(params, true) : workloadKindOf(params, false);
  const clusterRegion = options.strict ? params.requiredInteger('clusterRegion', REGION) : params.integer('clusterRegion', REGION);
  return createImageTrigger(deps.app, {
    accountId: principal.accountId, name, repository, condition: { method, expr: params.text('invokeExpr') ?? '' },
    clusterId, clusterRegion, namespace, workloadKind, workloadName, containerName,
    // Tencent deploys every matching push; its wire format has no guard setting, so keep its semantics.
    allowDowngrade: true,
    createdBy: { tokenId: principal.tokenId, name: principal.tokenName },
  });
}

export async function modifyTrigger({ deps, principal, params }: ActionContext): Promise<ImageTrigger> {
  requireWrite(principal);
  const current = await findImageTriggerByName(deps.app, principal.accountId, params.requiredString('triggerName'));
  return modifyImageTrigger(deps.app, principal.accountId, current.id, {
    name: params.string('newTriggerName'),
    repository: params.string('repoName'),
    method: params.oneOf('invokeMethod', INVOKE_METHODS),
    expr: params.text('invokeExpr'),
    workloadName: params.string('workloadName'),
    workloadKind: workloadKindOf(params, false),
    clusterId: params.string('clusterId'),
    namespace: params.string('namespace'),
    containerName: params.string('containerName'),
    clusterRegion: params.integer('clusterRegion', REGION),
  });
}

/** ListTrigger / DescribeApplicationTriggerPersonal: newest first; exact name and repository filters. */
export async function listTriggers({ deps, principal, params }: ActionContext): Promise<Window<ImageTrigger>> {
  const name = params.string('triggerName');
  const repository = params.string('repoName');
  const { offset, limit } = pageOf(params);
  return imageTriggerWindow(deps.app, principal.accountId, {
    offset, limit, ...(name === undefined ? {} : { name }), ...(repository === undefined ? {} : { repository }),
  });
}

/** ListTriggerLog (reponame required) / DescribeApplicationTriggerLogPersonal (optional). Newest first by default. */
export async function listTriggerLogs({ deps, principal, params }: ActionContext, options: { readonly repoRequired: boolean }): Promise<Window<TriggerLog>> {
  const repository = options.repoRequired ? params.requiredString('repoName') : params.string('repoName');
  const { offset, limit } = pageOf(params);
  const order = params.oneOf('order', ['asc', 'desc'] as const) ?? 'desc';
  const orderBy = params.oneOf('orderBy', ['invoke_time', 'trigger_name', 'repo_name'] as const) ?? 'invoke_time';
  return triggerLogWindow(deps.app, principal.accountId, { offset, limit, order, orderBy, ...(repository === undefined ? {} : { repository }) });
}

export async function deleteTrigger({ deps, principal, params }: ActionContext): Promise<void> {
  requireWrite(principal);
  const trigger = await findImageTriggerByName(deps.app, principal.accountId, params.requiredString('triggerName'));
  await deleteImageTrigger(deps.app, principal.accountId, trigger.id);
}

function pageOf(params: ActionParams): { offset: number; limit: number } {
  const offset = params.integer('offset', { min: 0 }) ?? 0;
  const limit = Math.min(params.integer('limit', { min: 1 }) ?? DEFAULT_LIMIT, MAX_LIMIT);
  return { offset, limit };
}

function requiredMethod(params: ActionParams) {
  const method = params.oneOf('invokeMethod', INVOKE_METHODS);
  if (method === undefined) params.requiredString('invokeMethod');
  return method as NonNullable<typeof method>;
}

function workloadKindOf(params: ActionParams, required: true): WorkloadKind;
function workloadKindOf(params: ActionParams, required: false): WorkloadKind | undefined;
function workloadKindOf(params: ActionParams, required: boolean): WorkloadKind | undefined {
  const type = params.oneOf('workloadType', TKE_WORKLOAD_TYPES);
  if (type === undefined) {
    if (required) params.requiredString('workloadType');
    return undefined;
  }
  if (!(WORKLOAD_KINDS as readonly string[]).includes(type)) {
    const name = params.nameOf('workloadType');
    throw invalid(`The parameter ${name} is ${type}, which Capstan does not update; use ${WORKLOAD_KINDS.join(', ')}.`, [
      { pointer: `/body/${name}`, detail: `must be one of: ${WORKLOAD_KINDS.join(', ')}` },
    ]);
  }
  return type as WorkloadKind;
}

function requireWrite(principal: Principal): void {
  if (!roleAllows(principal.role, 'write')) {
    throw new AppError('ROLE_FORBIDS_ACTION', `A ${principal.role} token cannot change triggers (needs write).`);
  }
}
