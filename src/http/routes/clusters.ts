import { Type } from 'typebox';
import { checkClusterPermissions } from '../../app/clusters/check-cluster-permissions.ts';
import { probeCluster } from '../../app/clusters/connect-cluster.ts';
import { registerCluster } from '../../app/clusters/register-cluster.ts';
import { removeCluster } from '../../app/clusters/remove-cluster.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { ClusterPermissionsQuery, ClusterPermissionsView } from '../schemas/cluster-permissions.ts';
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

  server.get('/api/v1/clusters/:id/permissions', {
    config: { auth: 'read' },
    schema: {
      tags,
      summary: 'Check which permissions Capstan\'s kubeconfig has in a namespace (SelfSubjectAccessReviews, K25)',
      description: 'Asks the cluster, for every verb Capstan uses in the namespace, whether its credentials may do it (as `kubectl auth can-i` does), and names the feature each one is needed for. 503 KUBE_UNAVAILABLE when the cluster cannot be reached; 502 KUBE_FORBIDDEN when the credentials may not even ask.',
      params: IdParams, querystring: ClusterPermissionsQuery,
      response: { 200: ClusterPermissionsView, 400: Problem, 404: Problem, 502: Problem, 503: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const result = await checkClusterPermissions(deps.app, principalOf(request).accountId, request.params.id, request.query.namespace);
    return { ...result, checks: [...result.checks] };
  });

  server.delete('/api/v1/clusters/:id', {
    config: { auth: 'write' },
    schema: { tags, summary: 'Delete a cluster (refused while applications use it)', params: IdParams, response: { 204: Type.Null(), 404: Problem, 409: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await removeCluster(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}
