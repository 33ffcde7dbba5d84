/**
 * Native image-trigger API (/api/v1/image-triggers): the same triggers as the Tencent CCR/TCR surfaces, for the
 * UI and CLI — create, list (by repository or cluster), get, change (rename included), delete, and `preview`:
 * which of a list of tags a condition would fire for, before or after it is saved.
 */
import { Type } from 'typebox';
import { createImageTrigger } from '../../app/image-triggers/create-image-trigger.ts';
import { deleteImageTrigger } from '../../app/image-triggers/delete-image-trigger.ts';
import { listImageTriggers } from '../../app/image-triggers/list-image-triggers.ts';
import { modifyImageTrigger } from '../../app/image-triggers/modify-image-trigger.ts';
import { previewTagCondition } from '../../app/image-triggers/preview-tag-condition.ts';
import { notFound } from '../../domain/errors.ts';
import type { TagCondition } from '../../domain/image-trigger-condition.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, Problem, pageOf } from '../schemas/common.ts';
import {
  CreateImageTriggerBody, ImageTriggerListQuery, ImageTriggerView, PreviewConditionBody, PreviewTriggerBody, PreviewView,
  UpdateImageTriggerBody, imageTriggerView,
} from '../schemas/image-triggers.ts';

export function imageTriggerRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['image-triggers'];

  server.post('/api/v1/image-triggers', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Create an image trigger: a push of a matching tag sets one container\'s image',
      body: CreateImageTriggerBody, response: { 201: ImageTriggerView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const principal = principalOf(request);
    const { condition, ...rest } = request.body;
    const trigger = await createImageTrigger(deps.app, {
      ...rest, accountId: principal.accountId, condition: { method: condition.method, expr: condition.expr ?? '' },
      createdBy: { tokenId: principal.tokenId, name: principal.tokenName },
    });
    return reply.code(201).send(imageTriggerView(trigger));
  });

  server.get('/api/v1/image-triggers', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List image triggers, newest first', querystring: ImageTriggerListQuery, response: { 200: pageOf(ImageTriggerView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const { limit, cursor, repository, clusterId } = request.query;
    const page = await listImageTriggers(deps.app, principalOf(request).accountId, {
      limit: limit ?? 50, cursor: cursor ?? null, ...(repository ? { repository } : {}), ...(clusterId ? { clusterId } : {}),
    });
    return { items: page.items.map(imageTriggerView), nextCursor: page.nextCursor };
  });

  server.post('/api/v1/image-triggers/preview', {
    config: { auth: 'read', audit: false },
    schema: {
      tags, summary: 'Which of these tags a condition would fire for (validates the condition as a save would)',
      body: PreviewConditionBody, response: { 200: PreviewView, 400: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { condition, tags: candidates } = request.body;
    return preview({ method: condition.method, expr: condition.expr ?? '' }, candidates);
  });

  server.get('/api/v1/image-triggers/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get an image trigger', params: IdParams, response: { 200: ImageTriggerView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const trigger = await deps.app.store.imageTriggers.get(principalOf(request).accountId, request.params.id);
    if (!trigger) throw notFound('RESOURCE_NOT_FOUND', 'Image trigger', request.params.id);
    return imageTriggerView(trigger);
  });

  server.post('/api/v1/image-triggers/:id/preview', {
    config: { auth: 'read', audit: false },
    schema: {
      tags, summary: 'Which of these tags the trigger would fire for', params: IdParams, body: PreviewTriggerBody,
      response: { 200: PreviewView, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const trigger = await deps.app.store.imageTriggers.get(principalOf(request).accountId, request.params.id);
    if (!trigger) throw notFound('RESOURCE_NOT_FOUND', 'Image trigger', request.params.id);
    return preview(trigger.condition, request.body.tags);
  });

  server.patch('/api/v1/image-triggers/:id', {
    config: { auth: 'write' },
    schema: {
      tags, summary: 'Change an image trigger (only the fields given; a new name renames it)', params: IdParams,
      body: UpdateImageTriggerBody, response: { 200: ImageTriggerView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { condition, ...rest } = request.body;
    const trigger = await modifyImageTrigger(deps.app, principalOf(request).accountId, request.params.id, {
      ...rest, method: condition?.method, expr: condition?.expr,
    });
    return imageTriggerView(trigger);
  });

  server.delete('/api/v1/image-triggers/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete an image trigger (its log stays)', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await deleteImageTrigger(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}

function preview(condition: TagCondition, candidates: readonly string[]) {
  const items = previewTagCondition(condition, candidates);
  return { items, matching: items.filter((i) => i.matches).map((i) => i.tag) };
}
