/**
 * Native per-application overrides of the NetApp-provided execution hooks
 * (`/api/v1/applications/{id}/hook-overrides`): switch a provided hook off (or on again) for one application.
 * The same resources and use cases as Astra's executionHookOverrides (N-16…N-20), with Capstan's names
 * (`executionHookId`, `applicationId`, booleans) and problem details. Deleting an override re-enables the hook.
 */
import { Type } from 'typebox';
import { createHookOverride } from '../../app/hooks/create-hook-override.ts';
import { deleteHookOverride } from '../../app/hooks/delete-hook-override.ts';
import { replaceHookOverride } from '../../app/hooks/replace-hook-override.ts';
import type { ExecutionHookOverride } from '../../domain/execution-hook.ts';
import { AppError, isAppError, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, Timestamp, iso, pageOf } from '../schemas/common.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const OverrideParams = Type.Object({ id: Id, overrideId: Id }, { additionalProperties: false });

const HookOverrideBody = Type.Object({
  executionHookId: Type.String({ minLength: 1, maxLength: 64, description: 'A NetApp-provided (hookType netapp) execution hook.' }),
  enabled: Type.Boolean({ description: 'Whether the provided hook runs for this application.' }),
}, { additionalProperties: false });

const HookOverridePatch = Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false });

const HookOverrideView = Type.Object({
  id: Type.String(),
  applicationId: Type.String(),
  executionHookId: Type.String(),
  enabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function overrideView(o: ExecutionHookOverride) {
  return { id: o.id, applicationId: o.applicationId, executionHookId: o.executionHookId, enabled: o.enabled, createdAt: iso(o.createdAt), updatedAt: iso(o.updatedAt) };
}

export function hookOverrideRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['execution hooks'];
  const base = '/api/v1/applications/:id/hook-overrides';

  server.get(base, {
    config: { auth: 'read' },
    schema: { tags, summary: 'List the hook overrides of an application (oldest first)', params: IdParams, querystring: PageQuery, response: { 200: pageOf(HookOverrideView), 400: Problem, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await existingApp(deps, accountId, request.params.id);
    const page = await deps.app.store.hookOverrides.list(accountId, request.params.id, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(overrideView), nextCursor: page.nextCursor };
  });

  server.post(base, {
    config: { auth: 'write' },
    schema: { tags, summary: 'Switch a NetApp-provided hook on or off for an application', params: IdParams, body: HookOverrideBody, response: { 201: HookOverrideView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    const override = await nativeNames(() => createHookOverride(deps.app, actorOf(principalOf(request)), request.params.id, {
      executionHookId: request.body.executionHookId, enabled: request.body.enabled, labels: [],
    }));
    return reply.code(201).header('location', `${deps.publicUrl}/api/v1/applications/${override.applicationId}/hook-overrides/${override.id}`).send(overrideView(override));
  });

  server.get(`${base}/:overrideId`, {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get a hook override', params: OverrideParams, response: { 200: HookOverrideView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const accountId = principalOf(request).accountId;
    await existingApp(deps, accountId, request.params.id);
    const override = await deps.app.store.hookOverrides.get(accountId, request.params.id, request.params.overrideId);
    if (!override) throw notFound('RESOURCE_NOT_FOUND', 'Execution hook override', request.params.overrideId);
    return overrideView(override);
  });

  server.put(`${base}/:overrideId`, {
    config: { auth: 'write' },
    schema: { tags, summary: 'Change whether the overridden hook runs (the hook it names cannot change)', params: OverrideParams, body: HookOverridePatch, response: { 200: HookOverrideView, 400: Problem, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const principal = principalOf(request);
    await existingApp(deps, principal.accountId, request.params.id);
    return overrideView(await replaceHookOverride(deps.app, actorOf(principal), request.params.id, request.params.overrideId, { enabled: request.body.enabled }));
  });

  server.delete(`${base}/:overrideId`, {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete a hook override: the NetApp-provided hook applies again', params: OverrideParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    const accountId = principalOf(request).accountId;
    await existingApp(deps, accountId, request.params.id);
    await deleteHookOverride(deps.app, accountId, request.params.id, request.params.overrideId);
    return reply.code(204).send(null);
  });
}

function actorOf(principal: Principal) {
  return { accountId: principal.accountId, tokenId: principal.tokenId };
}

async function existingApp(deps: HttpDeps, accountId: string, applicationId: string): Promise<void> {
  if (!(await deps.app.store.applications.get(accountId, applicationId))) throw notFound('APPLICATION_NOT_FOUND', 'Application', applicationId);
}

// The use cases point at Astra's field names; the native body calls the hook executionHookId.
async function nativeNames<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isAppError(error) || !error.errors.some((e) => e.pointer === '/body/executionHookID')) throw error;
    const errors = error.errors.map((e) => ({ pointer: e.pointer === '/body/executionHookID' ? '/body/executionHookId' : e.pointer, detail: e.detail }));
    throw new AppError(error.code, error.detail, { errors, cause: error.cause });
  }
}
