import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { listApplicationWorkloads } from '../../app/applications/list-application-workloads.ts';
import { createApplication, replaceApplication } from '../../app/applications/save-application.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, Problem, pageOf } from '../schemas/common.ts';
import { ApplicationBody, ApplicationListQuery, ApplicationView, WorkloadView, applicationView } from '../schemas/applications.ts';

export function applicationRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['applications'];
  server.post('/api/v1/applications', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Create an application (its id is Astra\'s appID)', body: ApplicationBody, response: { 201: ApplicationView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    const app = await createApplication(deps.app, { accountId: principalOf(request).accountId, ...request.body });
    return reply.code(201).send(applicationView(app));
  });

  server.get('/api/v1/applications', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List applications, optionally of one cluster', querystring: ApplicationListQuery, response: { 200: pageOf(ApplicationView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const { limit, cursor, clusterId } = request.query;
    const page = await deps.app.store.applications.list(principalOf(request).accountId, { limit: limit ?? 50, cursor: cursor ?? null, ...(clusterId ? { clusterId } : {}) });
    return { items: page.items.map(applicationView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/applications/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get an application', params: IdParams, response: { 200: ApplicationView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const app = await deps.app.store.applications.get(principalOf(request).accountId, request.params.id);
    if (!app) throw notFound('APPLICATION_NOT_FOUND', 'Application', request.params.id);
    return applicationView(app);
  });

  server.get('/api/v1/applications/:id/workloads', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Workloads the application\'s selector matches now', params: IdParams, response: { 200: Type.Object({ items: Type.Array(WorkloadView) }), 404: Problem, 502: Problem, 503: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const workloads = await listApplicationWorkloads(deps.app, principalOf(request).accountId, request.params.id);
    return { items: workloads.map((w) => ({ ...w.ref, containers: [...w.containers], gitOpsOwner: w.gitOpsOwner })) };
  });

  server.put('/api/v1/applications/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Replace an application (clusterId is immutable)', params: IdParams, body: ApplicationBody, response: { 200: ApplicationView, 400: Problem, 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const app = await replaceApplication(deps.app, request.params.id, { accountId: principalOf(request).accountId, ...request.body });
    return applicationView(app);
  });

  server.delete('/api/v1/applications/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete an application', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    if (!(await deps.app.store.applications.delete(principalOf(request).accountId, request.params.id))) {
      throw notFound('APPLICATION_NOT_FOUND', 'Application', request.params.id);
    }
    return reply.code(204).send(null);
  });
}
