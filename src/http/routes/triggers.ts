/**
 * Native trigger API (/api/v1/triggers): the same triggers as the ACK surface, for the UI and CLI — list across
 * clusters, get, the invocation history of each (its deploy records, with status), create, change the hardening
 * options, delete. The trigger URL is handed out once, by create; lists and gets never carry it.
 */
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.ts';
import { createTrigger } from '../../app/triggers/create-trigger.ts';
import { removeTrigger } from '../../app/triggers/remove-trigger.ts';
import { triggerSigningSecret } from '../../app/triggers/trigger-signature.ts';
import { signTriggerToken, triggerUrl } from '../../app/triggers/trigger-token.ts';
import { updateTriggerOptions } from '../../app/triggers/update-trigger-options.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, Problem, pageOf } from '../schemas/common.ts';
import {
  CreatedTrigger, CreateTriggerBody, InvocationListQuery, InvocationView, TriggerListQuery, TriggerView, UpdatedTrigger,
  UpdateTriggerBody, invocationView, triggerView,
} from '../schemas/triggers.ts';

export function triggerRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['triggers'];

  server.post('/api/v1/triggers', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Create a trigger URL that redeploys a Deployment or an application (the URL is shown once)',
      body: CreateTriggerBody,
      response: { 201: CreatedTrigger, 400: Problem, 404: Problem, 502: Problem, 503: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const { clusterId, type, namespace, target, action, name, requireSignature, rateLimitPerMinute } = request.body;
    const trigger = await createTrigger(deps.app, {
      accountId: principal.accountId, clusterId, type: type ?? 'deployment', action: action ?? 'redeploy', namespace,
      targetName: target, name, requireSignature, rateLimitPerMinute, targetPointer: '/body/target',
      createdBy: { tokenId: principal.tokenId, name: principal.tokenName },
    });
    return reply.code(201).send({
      ...triggerView(trigger),
      url: triggerUrl(deps.publicUrl, signTriggerToken(deps.app.secrets, trigger)),
      ...(trigger.requireSignature ? { signingSecret: triggerSigningSecret(deps.app.secrets, trigger) } : {}),
    });
  });

  server.get('/api/v1/triggers', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List triggers across clusters', querystring: TriggerListQuery, response: { 200: pageOf(TriggerView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const { limit, cursor, clusterId, type, namespace, target } = request.query;
    const page = await deps.app.store.triggers.list(principalOf(request).accountId, {
      limit: limit ?? 50, cursor: cursor ?? null,
      ...(clusterId ? { clusterId } : {}), ...(type ? { type } : {}), ...(namespace ? { namespace } : {}), ...(target ? { targetName: target } : {}),
    });
    return { items: page.items.map(triggerView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/triggers/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get a trigger (without its URL)', params: IdParams, response: { 200: TriggerView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => triggerView(await existing(deps, principalOf(request).accountId, request.params.id)));

  server.get('/api/v1/triggers/:id/invocations', {
    config: { auth: 'read' },
    schema: {
      tags, summary: 'Invocation history of a trigger: one deploy record per accepted call, newest first, with status',
      params: IdParams, querystring: InvocationListQuery, response: { 200: pageOf(InvocationView), 400: Problem, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    const trigger = await existing(deps, accountId, request.params.id);
    const { limit, cursor, state } = request.query;
    const page = await deps.app.store.records.list(accountId, { triggerId: trigger.id, limit: limit ?? 50, cursor: cursor ?? null, ...(state ? { state } : {}) });
    return { items: page.items.map(invocationView), nextCursor: page.nextCursor };
  });

  server.patch('/api/v1/triggers/:id', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Change a trigger\'s signature requirement or rate limit (its target and URL never change)',
      params: IdParams, body: UpdateTriggerBody, response: { 200: UpdatedTrigger, 400: Problem, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const trigger = await updateTriggerOptions(deps.app, principalOf(request).accountId, request.params.id, request.body);
    return {
      ...triggerView(trigger),
      ...(request.body.requireSignature === true ? { signingSecret: triggerSigningSecret(deps.app.secrets, trigger) } : {}),
    };
  });

  server.delete('/api/v1/triggers/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete a trigger; its URL stops working at once', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await removeTrigger(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}

async function existing(deps: HttpDeps, accountId: string, id: string) {
  const trigger = await deps.app.store.triggers.get(accountId, id);
  if (!trigger) throw new AppError('RESOURCE_NOT_FOUND', `Trigger ${id} does not exist.`);
  return trigger;
}
