import { Type } from 'typebox';
import { probeCluster } from '../../app/clusters/connect-cluster.ts';
import { registerCluster } from '../../app/clusters/register-cluster.ts';
import { removeCluster } from '../../app/clusters/remove-cluster.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import { ClusterDetail, ClusterView, CreateClusterBody, clusterView } from '../schemas/clusters.ts';

export function clusterRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['clusters'];
  server.post('/api/v1/clusters', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Register a cluster by kubeconfig', body: CreateClusterBody, response: { 201: ClusterView, 400: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    const cluster = await registerCluster(deps.app, { accountId: principalOf(request).accountId, ...request.body });
    return reply.code(201).send(clusterView(cluster));
  });

  server.get('/api/v1/clusters', {
    config: { auth: 'read' },
    schema: { tags, summary: 'List clusters', querystring: PageQuery, response: { 200: pageOf(ClusterView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const page = await deps.app.store.clusters.list(principalOf(request).accountId, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(clusterView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/clusters/:id', {
    config: { auth: 'read' },
    schema: { tags, summary: 'Get a cluster and probe its API server', params: IdParams, response: { 200: ClusterDetail, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const { cluster, reachability } = await probeCluster(deps.app, principalOf(request).accountId, request.params.id);
    return { ...clusterView(cluster), reachability };
  });

  server.delete('/api/v1/clusters/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete a cluster (refused while applications use it)', params: IdParams, response: { 204: Type.Null(), 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await removeCluster(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}
