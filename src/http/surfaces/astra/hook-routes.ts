/**
 * Astra execution hooks, N-1…N-10: `/accounts/{account_id}/core/v1/executionHooks[/{id}]` and the app-scoped
 * `/accounts/{account_id}/k8s/v1/apps/{app_id}/executionHooks[/{id}]`. Create answers 201 with `Location`, the
 * hook (in the version the client sent) and the live match preview; GET recomputes `matchingContainers` and
 * `matchingImages` from the application's running pods; PUT replaces (204; `If-Match` honoured) and DELETE
 * removes (204). Lists accept only `include`, `limit`, `filter`. While the account's hooks are switched off every
 * call is 403 problems/168.
 */
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertHooksEnabled } from '../../../app/hooks/assert-hooks-enabled.ts';
import { createExecutionHook } from '../../../app/hooks/create-execution-hook.ts';
import { deleteExecutionHook } from '../../../app/hooks/delete-execution-hook.ts';
import { ensureBuiltinHooks } from '../../../app/hooks/ensure-builtin-hooks.ts';
import { hookEtag } from '../../../app/hooks/hook-etag.ts';
import { previewHookMatches } from '../../../app/hooks/preview-hook-matches.ts';
import { replaceExecutionHook, type ExecutionHookReplacement } from '../../../app/hooks/replace-execution-hook.ts';
import type { ExecutionHookInput, HookActor } from '../../../app/hooks/validate-hook-input.ts';
import type { MatchingCriterion } from '../../../domain/container-criteria.ts';
import { AppError, notFound } from '../../../domain/errors.ts';
import { HOOK_SCHEMA_VERSIONS, type ExecutionHook, type FailureMode, type HookAction, type HookSchemaVersion, type HookStage, type HookType } from '../../../domain/execution-hook.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { applyCollection, onlyQuery } from './collection-query.ts';
import {
  ASTRA_ERRORS, AccountPath, AppHookPath, AppHookPostBody, AppPath, AstraProblem, CollectionQuery, HOOKS_MEDIA, HOOK_MEDIA,
  HookPath, HookPostBody, HookPutBody, HookView, collectionOf,
} from './schemas.ts';
import { hookView } from './views.ts';
import { acceptedVersion, actorOf, allPages, boolOf, etagHeader, existingApp, labelsOf, negotiate } from './wire.ts';

interface HookBody {
  readonly version: HookSchemaVersion;
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly hookType?: HookType | undefined;
  readonly matchingCriteria?: readonly MatchingCriterion[] | undefined;
  readonly action?: HookAction | undefined;
  readonly stage?: HookStage | undefined;
  readonly hookSourceID?: string | undefined;
  readonly arguments?: readonly string[] | undefined;
  readonly appID?: string | undefined;
  readonly enabled?: 'true' | 'false' | undefined;
  readonly description?: string | undefined;
  readonly metadata?: { readonly labels?: readonly { name: string; value: string }[] | undefined } | undefined;
  readonly failureMode?: FailureMode | undefined;
  readonly timeoutSeconds?: number | null | undefined;
}

const FIELDS = Object.keys(HookView.properties);
const tags = ['astra'];
const ITEM_ERRORS = { ...ASTRA_ERRORS, 409: AstraProblem };

export function astraHookRoutes(scope: Server, deps: HttpDeps): void {
  // ---- account routes, N-1…N-5
  scope.post('/:account_id/core/v1/executionHooks', {
    config: { auth: 'write', audit: 'Astra CreateExecutionHook' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Create an execution hook (Astra N-1)', operationId: 'astraCreateExecutionHook', params: AccountPath, body: HookPostBody, response: { 201: HookView, ...ITEM_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const hook = await createExecutionHook(deps.app, actor, createInput(request.body, request.body.appID));
    return created(deps, request, reply, hook, request.body.version, `/accounts/${actor.accountId}/core/v1/executionHooks/${hook.id}`);
  });

  scope.get('/:account_id/core/v1/executionHooks', {
    config: { auth: 'read' },
    preValidation: onlyQuery(['include', 'limit', 'filter']),
    schema: { tags, summary: 'List execution hooks (Astra N-2)', operationId: 'astraListExecutionHooks', params: AccountPath, querystring: CollectionQuery, response: { 200: collectionOf(HookView), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    return list(deps, request, reply, actor, undefined, request.query);
  });

  scope.get('/:account_id/core/v1/executionHooks/:executionHook_id', {
    config: { auth: 'read' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Get an execution hook with its live match preview (Astra N-3)', operationId: 'astraGetExecutionHook', params: HookPath, response: { 200: HookView, ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    return getOne(deps, request, reply, actor, request.params.executionHook_id, undefined);
  });

  scope.put('/:account_id/core/v1/executionHooks/:executionHook_id', {
    config: { auth: 'write', audit: 'Astra ReplaceExecutionHook' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Replace an execution hook (Astra N-4)', operationId: 'astraReplaceExecutionHook', params: HookPath, body: HookPutBody, response: { 204: Type.Null(), ...ITEM_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await replace(deps, request, actor, request.params.executionHook_id, request.body, undefined);
    return reply.code(204).send(null);
  });

  scope.delete('/:account_id/core/v1/executionHooks/:executionHook_id', {
    config: { auth: 'write', audit: 'Astra DeleteExecutionHook' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Delete an execution hook (Astra N-5)', operationId: 'astraDeleteExecutionHook', params: HookPath, response: { 204: Type.Null(), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await deleteExecutionHook(deps.app, actor.accountId, request.params.executionHook_id);
    return reply.code(204).send(null);
  });

  // ---- app-scoped routes, N-6…N-10: the same, limited to the application's own hooks
  scope.post('/:account_id/k8s/v1/apps/:app_id/executionHooks', {
    config: { auth: 'write', audit: 'Astra CreateAppExecutionHook' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Create an execution hook of an application (Astra N-6)', operationId: 'astraCreateAppExecutionHook', params: AppPath, body: AppHookPostBody, response: { 201: HookView, ...ITEM_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const appId = request.params.app_id;
    await existingApp(deps, actor.accountId, appId);
    if (request.body.appID !== undefined && request.body.appID !== appId) {
      throw new AppError('PARAM_INVALID', 'appID in the body names another application than the path.', { errors: [{ pointer: '/body/appID', detail: `must be the path's ${appId}` }] });
    }
    const hook = await createExecutionHook(deps.app, actor, createInput(request.body, appId));
    return created(deps, request, reply, hook, request.body.version, `/accounts/${actor.accountId}/k8s/v1/apps/${appId}/executionHooks/${hook.id}`);
  });

  scope.get('/:account_id/k8s/v1/apps/:app_id/executionHooks', {
    config: { auth: 'read' },
    preValidation: onlyQuery(['include', 'limit', 'filter']),
    schema: { tags, summary: 'List the execution hooks of an application (Astra N-7)', operationId: 'astraListAppExecutionHooks', params: AppPath, querystring: CollectionQuery, response: { 200: collectionOf(HookView), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await existingApp(deps, actor.accountId, request.params.app_id);
    return list(deps, request, reply, actor, request.params.app_id, request.query);
  });

  scope.get('/:account_id/k8s/v1/apps/:app_id/executionHooks/:executionHook_id', {
    config: { auth: 'read' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Get an execution hook of an application (Astra N-8)', operationId: 'astraGetAppExecutionHook', params: AppHookPath, response: { 200: HookView, ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await existingApp(deps, actor.accountId, request.params.app_id);
    return getOne(deps, request, reply, actor, request.params.executionHook_id, request.params.app_id);
  });

  scope.put('/:account_id/k8s/v1/apps/:app_id/executionHooks/:executionHook_id', {
    config: { auth: 'write', audit: 'Astra ReplaceAppExecutionHook' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Replace an execution hook of an application (Astra N-9)', operationId: 'astraReplaceAppExecutionHook', params: AppHookPath, body: HookPutBody, response: { 204: Type.Null(), ...ITEM_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await existingApp(deps, actor.accountId, request.params.app_id);
    await replace(deps, request, actor, request.params.executionHook_id, request.body, request.params.app_id);
    return reply.code(204).send(null);
  });

  scope.delete('/:account_id/k8s/v1/apps/:app_id/executionHooks/:executionHook_id', {
    config: { auth: 'write', audit: 'Astra DeleteAppExecutionHook' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Delete an execution hook of an application (Astra N-10)', operationId: 'astraDeleteAppExecutionHook', params: AppHookPath, response: { 204: Type.Null(), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await existingApp(deps, actor.accountId, request.params.app_id);
    await ownedHook(deps, actor, request.params.executionHook_id, request.params.app_id);
    await deleteExecutionHook(deps.app, actor.accountId, request.params.executionHook_id);
    return reply.code(204).send(null);
  });
}

function createInput(body: HookBody, appId: string | undefined): ExecutionHookInput {
  return {
    name: body.name ?? '',
    hookType: body.hookType ?? 'custom',
    action: body.action ?? 'snapshot',
    stage: body.stage ?? 'pre',
    matchingCriteria: body.matchingCriteria ?? [],
    hookSourceId: body.hookSourceID ?? '',
    arguments: body.arguments ?? [],
    applicationId: appId ?? '',
    enabled: boolOf(body.enabled) ?? true,
    description: body.description ?? '',
    failureMode: body.failureMode ?? 'soft',
    timeoutMs: body.timeoutSeconds === undefined || body.timeoutSeconds === null ? null : body.timeoutSeconds * 1000,
    schemaVersion: body.version,
    labels: labelsOf(body.metadata) ?? [],
  };
}

function replacementOf(body: HookBody): ExecutionHookReplacement {
  const r: { -readonly [K in keyof ExecutionHookReplacement]: ExecutionHookReplacement[K] } = { schemaVersion: body.version };
  if (body.id !== undefined) r.id = body.id;
  if (body.name !== undefined) r.name = body.name;
  if (body.hookType !== undefined) r.hookType = body.hookType;
  if (body.matchingCriteria !== undefined) r.matchingCriteria = body.matchingCriteria;
  if (body.action !== undefined) r.action = body.action;
  if (body.stage !== undefined) r.stage = body.stage;
  if (body.hookSourceID !== undefined) r.hookSourceId = body.hookSourceID;
  if (body.arguments !== undefined) r.arguments = body.arguments;
  if (body.appID !== undefined) r.applicationId = body.appID;
  if (body.enabled !== undefined) r.enabled = body.enabled === 'true';
  if (body.description !== undefined) r.description = body.description;
  if (body.failureMode !== undefined) r.failureMode = body.failureMode;
  if (body.timeoutSeconds !== undefined) r.timeoutMs = body.timeoutSeconds === null ? null : body.timeoutSeconds * 1000;
  const labels = labelsOf(body.metadata);
  if (labels !== undefined) r.labels = labels;
  return r;
}

async function created(deps: HttpDeps, request: FastifyRequest, reply: FastifyReply, hook: ExecutionHook, version: string, path: string) {
  const matches = await previewHookMatches(deps.app, hook);
  negotiate(request, reply, HOOK_MEDIA);
  return reply.code(201).header('location', `${deps.publicUrl}${path}`).header('etag', etagHeader(hookEtag(hook)))
    .send(hookView(hook, matches, version));
}

async function list(deps: HttpDeps, request: FastifyRequest, reply: FastifyReply, actor: HookActor, appId: string | undefined, query: object) {
  await assertHooksEnabled(deps.app.store, actor.accountId);
  await ensureBuiltinHooks(deps.app, actor.accountId);
  const hooks = await allPages((page) => deps.app.store.executionHooks.list(actor.accountId, { ...page, ...(appId === undefined ? {} : { applicationId: appId }) }));
  negotiate(request, reply, HOOKS_MEDIA);
  return {
    type: HOOKS_MEDIA,
    version: acceptedVersion(request, HOOK_SCHEMA_VERSIONS, '1.3'),
    items: applyCollection(hooks.map((h) => hookView(h)), query, FIELDS),
    metadata: {},
  };
}

async function getOne(deps: HttpDeps, request: FastifyRequest, reply: FastifyReply, actor: HookActor, id: string, appId: string | undefined) {
  await assertHooksEnabled(deps.app.store, actor.accountId);
  await ensureBuiltinHooks(deps.app, actor.accountId);
  const hook = await ownedHook(deps, actor, id, appId);
  negotiate(request, reply, HOOK_MEDIA);
  reply.header('etag', etagHeader(hookEtag(hook)));
  return hookView(hook, await previewHookMatches(deps.app, hook));
}

async function replace(deps: HttpDeps, request: FastifyRequest, actor: HookActor, id: string, body: HookBody, appId: string | undefined): Promise<void> {
  if (appId !== undefined) await ownedHook(deps, actor, id, appId);
  const ifMatch = request.headers['if-match'];
  await replaceExecutionHook(deps.app, actor, id, replacementOf(body), { ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined });
}

/** The hook, which under an application's path must be one of that application's own. */
async function ownedHook(deps: HttpDeps, actor: HookActor, id: string, appId: string | undefined): Promise<ExecutionHook> {
  const hook = await deps.app.store.executionHooks.get(actor.accountId, id);
  if (!hook || (appId !== undefined && hook.applicationId !== appId)) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook', id);
  return hook;
}
