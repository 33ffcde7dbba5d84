/**
 * Astra execution-hook overrides, N-16…N-20 (`/accounts/{account_id}/k8s/v1/apps/{app_id}/executionHookOverrides`):
 * switch a NetApp-provided hook off (or on again) for one application. Deleting an override re-enables the hook.
 */
import { Type } from 'typebox';
import { createHookOverride } from '../../../app/hooks/create-hook-override.ts';
import { deleteHookOverride } from '../../../app/hooks/delete-hook-override.ts';
import { hookEtag } from '../../../app/hooks/hook-etag.ts';
import { replaceHookOverride } from '../../../app/hooks/replace-hook-override.ts';
import type { ExecutionHookOverride } from '../../../domain/execution-hook.ts';
import { AppError, notFound } from '../../../domain/errors.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { applyCollection, onlyQuery } from './collection-query.ts';
import {
  ASTRA_ERRORS, AppPath, AstraProblem, CollectionQuery, OVERRIDES_MEDIA, OVERRIDE_MEDIA, OverridePath, OverridePostBody, OverridePutBody,
  OverrideView, collectionOf,
} from './schemas.ts';
import { overrideView } from './views.ts';
import { actorOf, allPages, boolOf, etagHeader, existingApp, labelsOf, negotiate } from './wire.ts';

const FIELDS = Object.keys(OverrideView.properties);
const tags = ['astra'];

export function astraHookOverrideRoutes(scope: Server, deps: HttpDeps): void {
  const base = '/:account_id/k8s/v1/apps/:app_id/executionHookOverrides';

  scope.post(base, {
    config: { auth: 'write', audit: 'Astra CreateHookOverride' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Switch a NetApp-provided hook for an application (Astra N-16)', operationId: 'astraCreateHookOverride', params: AppPath, body: OverridePostBody, response: { 201: OverrideView, ...ASTRA_ERRORS, 409: AstraProblem } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const body = request.body;
    const override = await createHookOverride(deps.app, actor, request.params.app_id, {
      executionHookId: body.executionHookID, enabled: body.enabled === 'true', labels: labelsOf(body.metadata) ?? [],
    });
    negotiate(request, reply, OVERRIDE_MEDIA);
    return reply.code(201)
      .header('location', `${deps.publicUrl}/accounts/${actor.accountId}/k8s/v1/apps/${override.applicationId}/executionHookOverrides/${override.id}`)
      .header('etag', etagHeader(hookEtag(override))).send(overrideView(override));
  });

  scope.get(base, {
    config: { auth: 'read' },
    preValidation: onlyQuery(['include', 'limit', 'filter']),
    schema: { tags, summary: 'List the hook overrides of an application (Astra N-17)', operationId: 'astraListHookOverrides', params: AppPath, querystring: CollectionQuery, response: { 200: collectionOf(OverrideView), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await existingApp(deps, actor.accountId, request.params.app_id);
    const overrides = await allPages((page) => deps.app.store.hookOverrides.list(actor.accountId, request.params.app_id, page));
    negotiate(request, reply, OVERRIDES_MEDIA);
    return { type: OVERRIDES_MEDIA, version: '1.0', items: applyCollection(overrides.map(overrideView), request.query, FIELDS), metadata: {} };
  });

  scope.get(`${base}/:executionHookOverride_id`, {
    config: { auth: 'read' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Get a hook override (Astra N-18)', operationId: 'astraGetHookOverride', params: OverridePath, response: { 200: OverrideView, ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const override = await existing(deps, actor.accountId, request.params.app_id, request.params.executionHookOverride_id);
    negotiate(request, reply, OVERRIDE_MEDIA);
    reply.header('etag', etagHeader(hookEtag(override)));
    return overrideView(override);
  });

  scope.put(`${base}/:executionHookOverride_id`, {
    config: { auth: 'write', audit: 'Astra ReplaceHookOverride' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Change a hook override (Astra N-19)', operationId: 'astraReplaceHookOverride', params: OverridePath, body: OverridePutBody, response: { 204: Type.Null(), ...ASTRA_ERRORS, 409: AstraProblem } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const { app_id: appId, executionHookOverride_id: id } = request.params;
    await existingApp(deps, actor.accountId, appId);
    const body = request.body;
    if (body.appID !== undefined && body.appID !== appId) {
      throw new AppError('FIELD_IMMUTABLE', 'appID cannot change.', { errors: [{ pointer: '/body/appID', detail: `is ${appId} and cannot change` }] });
    }
    const enabled = boolOf(body.enabled);
    const labels = labelsOf(body.metadata);
    const ifMatch = request.headers['if-match'];
    await replaceHookOverride(deps.app, actor, appId, id, {
      ...(body.id === undefined ? {} : { id: body.id }),
      ...(body.executionHookID === undefined ? {} : { executionHookId: body.executionHookID }),
      ...(enabled === undefined ? {} : { enabled }),
      ...(labels === undefined ? {} : { labels }),
    }, { ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined });
    return reply.code(204).send(null);
  });

  scope.delete(`${base}/:executionHookOverride_id`, {
    config: { auth: 'write', audit: 'Astra DeleteHookOverride' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Delete a hook override: the NetApp-provided hook applies again (Astra N-20)', operationId: 'astraDeleteHookOverride', params: OverridePath, response: { 204: Type.Null(), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await existingApp(deps, actor.accountId, request.params.app_id);
    await deleteHookOverride(deps.app, actor.accountId, request.params.app_id, request.params.executionHookOverride_id);
    return reply.code(204).send(null);
  });
}

async function existing(deps: HttpDeps, accountId: string, appId: string, id: string): Promise<ExecutionHookOverride> {
  await existingApp(deps, accountId, appId);
  const override = await deps.app.store.hookOverrides.get(accountId, appId, id);
  if (!override) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook override', id);
  return override;
}
