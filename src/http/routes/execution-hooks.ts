import { Type, type Static } from 'typebox';
import { createExecutionHook } from '../../app/hooks/create-execution-hook.ts';
import { deleteExecutionHook } from '../../app/hooks/delete-execution-hook.ts';
import { ensureBuiltinHooks } from '../../app/hooks/ensure-builtin-hooks.ts';
import { previewHookMatches } from '../../app/hooks/preview-hook-matches.ts';
import { replaceExecutionHook } from '../../app/hooks/replace-execution-hook.ts';
import { setHookFeature } from '../../app/hooks/set-hook-feature.ts';
import type { ExecutionHookInput } from '../../app/hooks/validate-hook-input.ts';
import { AppError, isAppError, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, Problem, pageOf } from '../schemas/common.ts';
import { ExecutionHookBody, ExecutionHookView, HookFeatureBody, HookListQuery, executionHookView } from '../schemas/hooks.ts';

type Body = Static<typeof ExecutionHookBody>;

/**
 * Native execution hooks (`/api/v1/execution-hooks`), the same resources as Astra's executionHooks with Capstan's
 * names (`applicationId`, `hookSourceId`, booleans, `timeoutSeconds`). `action` takes Astra's actions and the deploy
 * actions (`redeploy`, `update-image`, `deploy`, `rollback`). GET of one hook includes `matches`: the containers it
 * would run in now. `/api/v1/execution-hook-settings` is the account's switch (Astra's feature setting).
 */
export function executionHookRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['execution hooks'];

  server.post('/api/v1/execution-hooks', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Create an execution hook', body: ExecutionHookBody, response: { 201: ExecutionHookView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    const hook = await nativeNames(() => createExecutionHook(deps.app, actorOf(principalOf(request)), inputOf(request.body)));
    return reply.code(201).send(executionHookView(hook));
  });

  server.get('/api/v1/execution-hooks', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List execution hooks (oldest first), optionally of one application', querystring: HookListQuery, response: { 200: pageOf(ExecutionHookView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await ensureBuiltinHooks(deps.app, accountId);
    const { limit, cursor, applicationId } = request.query;
    const page = await deps.app.store.executionHooks.list(accountId, { limit: limit ?? 50, cursor: cursor ?? null, ...(applicationId ? { applicationId } : {}) });
    return { items: page.items.map((h) => executionHookView(h)), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/execution-hooks/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get an execution hook and the containers it would run in now', params: IdParams, response: { 200: ExecutionHookView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await ensureBuiltinHooks(deps.app, accountId);
    const hook = await deps.app.store.executionHooks.get(accountId, request.params.id);
    if (!hook) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook', request.params.id);
    return executionHookView(hook, await previewHookMatches(deps.app, hook));
  });

  server.put('/api/v1/execution-hooks/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Replace an execution hook (applicationId cannot change)', params: IdParams, body: ExecutionHookBody, response: { 200: ExecutionHookView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const input = inputOf(request.body);
    const hook = await nativeNames(() => replaceExecutionHook(deps.app, actorOf(principalOf(request)), request.params.id, { ...input, hookType: undefined }));
    return executionHookView(hook);
  });

  server.delete('/api/v1/execution-hooks/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete an execution hook', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await deleteExecutionHook(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });

  server.get('/api/v1/execution-hook-settings', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Whether execution hooks are switched on for the account', response: { 200: HookFeatureBody, ...AUTH_ERRORS } },
  }, async (request) => ({ enabled: await deps.app.store.executionHooks.featureEnabled(principalOf(request).accountId) }));

  server.put('/api/v1/execution-hook-settings', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Switch execution hooks on or off for the account (off needs no custom hooks left)', body: HookFeatureBody, response: { 200: HookFeatureBody, 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => setHookFeature(deps.app, principalOf(request).accountId, request.body.enabled));
}

function actorOf(principal: Principal) {
  return { accountId: principal.accountId, tokenId: principal.tokenId };
}

function inputOf(body: Body): ExecutionHookInput {
  return {
    name: body.name, hookType: 'custom', action: body.action, stage: body.stage, matchingCriteria: body.matchingCriteria ?? [],
    hookSourceId: body.hookSourceId, arguments: body.arguments ?? [], applicationId: body.applicationId, enabled: body.enabled ?? true,
    description: body.description ?? '', failureMode: body.failureMode ?? 'soft',
    timeoutMs: body.timeoutSeconds === undefined || body.timeoutSeconds === null ? null : body.timeoutSeconds * 1000,
    schemaVersion: '1.3', labels: body.labels ?? [],
  };
}

// The use cases name fields as Astra does; the native body calls them applicationId and hookSourceId.
const NATIVE_POINTERS: Readonly<Record<string, string>> = { '/body/appID': '/body/applicationId', '/body/hookSourceID': '/body/hookSourceId' };

async function nativeNames<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isAppError(error) || !error.errors.some((e) => e.pointer in NATIVE_POINTERS)) throw error;
    const errors = error.errors.map((e) => ({ pointer: NATIVE_POINTERS[e.pointer] ?? e.pointer, detail: e.detail }));
    throw new AppError(error.code, error.detail, { errors, cause: error.cause });
  }
}
