/**
 * Astra hook sources, N-11…N-15 (`/accounts/{account_id}/core/v1/hookSources[/{id}]`): the scripts hooks run, as
 * base64 text, with `sourceMD5Checksum` = MD5 of that text. Preloaded sources (those of the NetApp-provided hooks)
 * are read-only (403 problems/71); a source an execution hook references cannot be deleted (403 problems/72).
 */
import { Type } from 'typebox';
import { assertHooksEnabled } from '../../../app/hooks/assert-hooks-enabled.ts';
import { createHookSource } from '../../../app/hooks/create-hook-source.ts';
import { deleteHookSource } from '../../../app/hooks/delete-hook-source.ts';
import { ensureBuiltinHooks } from '../../../app/hooks/ensure-builtin-hooks.ts';
import { hookEtag } from '../../../app/hooks/hook-etag.ts';
import { replaceHookSource, type HookSourceReplacement } from '../../../app/hooks/replace-hook-source.ts';
import { notFound } from '../../../domain/errors.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { applyCollection, onlyQuery } from './collection-query.ts';
import {
  ASTRA_ERRORS, AccountPath, AstraProblem, CollectionQuery, SOURCES_MEDIA, SOURCE_MEDIA, SourcePath, SourcePostBody, SourcePutBody,
  SourceView, collectionOf,
} from './schemas.ts';
import { sourceView } from './views.ts';
import { actorOf, allPages, etagHeader, labelsOf, negotiate } from './wire.ts';

const FIELDS = Object.keys(SourceView.properties);
const tags = ['astra'];

export function astraHookSourceRoutes(scope: Server, deps: HttpDeps): void {
  scope.post('/:account_id/core/v1/hookSources', {
    config: { auth: 'write', audit: 'Astra CreateHookSource' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Upload a hook source script (Astra N-11)', operationId: 'astraCreateHookSource', params: AccountPath, body: SourcePostBody, response: { 201: SourceView, ...ASTRA_ERRORS, 409: AstraProblem } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const body = request.body;
    const source = await createHookSource(deps.app, actor, {
      name: body.name, sourceType: body.sourceType, source: body.source, description: body.description ?? '', labels: labelsOf(body.metadata) ?? [],
    });
    negotiate(request, reply, SOURCE_MEDIA);
    return reply.code(201).header('location', `${deps.publicUrl}/accounts/${actor.accountId}/core/v1/hookSources/${source.id}`)
      .header('etag', etagHeader(hookEtag(source))).send(sourceView(source));
  });

  scope.get('/:account_id/core/v1/hookSources', {
    config: { auth: 'read' },
    preValidation: onlyQuery(['include', 'limit', 'filter']),
    schema: { tags, summary: 'List hook sources (Astra N-12)', operationId: 'astraListHookSources', params: AccountPath, querystring: CollectionQuery, response: { 200: collectionOf(SourceView), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await assertHooksEnabled(deps.app.store, actor.accountId);
    await ensureBuiltinHooks(deps.app, actor.accountId);
    const sources = await allPages((page) => deps.app.store.hookSources.list(actor.accountId, page));
    negotiate(request, reply, SOURCES_MEDIA);
    return { type: SOURCES_MEDIA, version: '1.0', items: applyCollection(sources.map(sourceView), request.query, FIELDS), metadata: {} };
  });

  scope.get('/:account_id/core/v1/hookSources/:hookSource_id', {
    config: { auth: 'read' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Get a hook source (Astra N-13)', operationId: 'astraGetHookSource', params: SourcePath, response: { 200: SourceView, ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await assertHooksEnabled(deps.app.store, actor.accountId);
    await ensureBuiltinHooks(deps.app, actor.accountId);
    const source = await deps.app.store.hookSources.get(actor.accountId, request.params.hookSource_id);
    if (!source) throw notFound('RESOURCE_NOT_FOUND', 'Hook source', request.params.hookSource_id);
    negotiate(request, reply, SOURCE_MEDIA);
    reply.header('etag', etagHeader(hookEtag(source)));
    return sourceView(source);
  });

  scope.put('/:account_id/core/v1/hookSources/:hookSource_id', {
    config: { auth: 'write', audit: 'Astra ReplaceHookSource' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Replace a hook source; hooks run the new script from their next action (Astra N-14)', operationId: 'astraReplaceHookSource', params: SourcePath, body: SourcePutBody, response: { 204: Type.Null(), ...ASTRA_ERRORS, 409: AstraProblem } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await ensureBuiltinHooks(deps.app, actor.accountId);
    const body = request.body;
    const replacement: { -readonly [K in keyof HookSourceReplacement]: HookSourceReplacement[K] } = {};
    if (body.id !== undefined) replacement.id = body.id;
    if (body.name !== undefined) replacement.name = body.name;
    if (body.sourceType !== undefined) replacement.sourceType = body.sourceType;
    if (body.source !== undefined) replacement.source = body.source;
    if (body.description !== undefined) replacement.description = body.description;
    const labels = labelsOf(body.metadata);
    if (labels !== undefined) replacement.labels = labels;
    const ifMatch = request.headers['if-match'];
    await replaceHookSource(deps.app, actor, request.params.hookSource_id, replacement, { ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined });
    return reply.code(204).send(null);
  });

  scope.delete('/:account_id/core/v1/hookSources/:hookSource_id', {
    config: { auth: 'write', audit: 'Astra DeleteHookSource' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Delete a hook source no hook references (Astra N-15)', operationId: 'astraDeleteHookSource', params: SourcePath, response: { 204: Type.Null(), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await ensureBuiltinHooks(deps.app, actor.accountId);
    await deleteHookSource(deps.app, actor.accountId, request.params.hookSource_id);
    return reply.code(204).send(null);
  });
}
