import { Type } from 'typebox';
import { createHookSource } from '../../app/hooks/create-hook-source.ts';
import { deleteHookSource } from '../../app/hooks/delete-hook-source.ts';
import { ensureBuiltinHooks } from '../../app/hooks/ensure-builtin-hooks.ts';
import { replaceHookSource } from '../../app/hooks/replace-hook-source.ts';
import { notFound } from '../../domain/errors.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import { HookSourceBody, HookSourceView, hookSourceView } from '../schemas/hooks.ts';

/**
 * Native hook sources (`/api/v1/hook-sources`): the scripts execution hooks run, as base64 (the same resources as
 * Astra's hookSources). Preloaded sources are read-only (403 READ_ONLY_RESOURCE); a source a hook runs cannot be
 * deleted (403 RESOURCE_IN_USE).
 */
export function hookSourceRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['execution hooks'];
  const actor = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { accountId: p.accountId, tokenId: p.tokenId };
  };

  server.post('/api/v1/hook-sources', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Upload a hook source script', body: HookSourceBody, response: { 201: HookSourceView, 400: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    const { name, source, description, labels } = request.body;
    const created = await createHookSource(deps.app, actor(request), { name, sourceType: 'script', source, description: description ?? '', labels: labels ?? [] });
    return reply.code(201).send(hookSourceView(created));
  });

  server.get('/api/v1/hook-sources', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List hook sources (oldest first)', querystring: PageQuery, response: { 200: pageOf(HookSourceView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await ensureBuiltinHooks(deps.app, accountId);
    const page = await deps.app.store.hookSources.list(accountId, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(hookSourceView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/hook-sources/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get a hook source', params: IdParams, response: { 200: HookSourceView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await ensureBuiltinHooks(deps.app, accountId);
    const source = await deps.app.store.hookSources.get(accountId, request.params.id);
    if (!source) throw notFound('RESOURCE_NOT_FOUND', 'Hook source', request.params.id);
    return hookSourceView(source);
  });

  server.put('/api/v1/hook-sources/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Replace a hook source; hooks run the new script from their next action', params: IdParams, body: HookSourceBody, response: { 200: HookSourceView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const { name, source, description, labels } = request.body;
    const replaced = await replaceHookSource(deps.app, actor(request), request.params.id, { name, source, description: description ?? '', labels: labels ?? [] });
    return hookSourceView(replaced);
  });

  server.delete('/api/v1/hook-sources/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete a hook source no hook runs', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await deleteHookSource(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}
