/**
 * Astra application snapshots, reduced to what runs hooks (seed-apis.md §5.4): `POST /accounts/{account_id}/k8s/v1/
 * apps/{app_id}/appSnaps` accepts a snapshot (201, state `pending`; the operation and its job are stored before the
 * answer) and the worker takes it — pre-snapshot hooks, VolumeSnapshots of the application's PVCs, post-snapshot
 * hooks. `GET …/appSnaps[/{id}]` shows its state, `hookState` and `hookStateDetails`; the hook runs themselves are
 * at `GET /api/v1/operations/{id}/hook-runs`.
 */
import { startAppSnapshot } from '../../../app/hooks/start-app-snapshot.ts';
import { notFound } from '../../../domain/errors.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { applyCollection, onlyQuery } from './collection-query.ts';
import { ASTRA_ERRORS, AppPath, AstraProblem, CollectionQuery, SNAPS_MEDIA, SNAP_MEDIA, SnapPath, SnapPostBody, SnapView, collectionOf } from './schemas.ts';
import { snapView } from './views.ts';
import { actorOf, allPages, existingApp, negotiate } from './wire.ts';

const FIELDS = Object.keys(SnapView.properties);
const tags = ['astra'];

export function astraAppSnapRoutes(scope: Server, deps: HttpDeps): void {
  const base = '/:account_id/k8s/v1/apps/:app_id/appSnaps';

  scope.post(base, {
    config: { auth: 'deploy', audit: 'Astra CreateAppSnap' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Take an application snapshot, running its snapshot hooks', operationId: 'astraCreateAppSnap', params: AppPath, body: SnapPostBody, response: { 201: SnapView, ...ASTRA_ERRORS, 409: AstraProblem } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const operation = await startAppSnapshot(deps.app, {
      accountId: actor.accountId, applicationId: request.params.app_id, name: request.body.name,
      schemaVersion: request.body.version, createdBy: actor.tokenId,
    });
    negotiate(request, reply, SNAP_MEDIA);
    return reply.code(201).header('location', `${deps.publicUrl}/accounts/${actor.accountId}/k8s/v1/apps/${operation.applicationId}/appSnaps/${operation.id}`)
      .send(snapView(operation));
  });

  scope.get(base, {
    config: { auth: 'read' },
    preValidation: onlyQuery(['include', 'limit', 'filter']),
    schema: { tags, summary: 'List the snapshots of an application', operationId: 'astraListAppSnaps', params: AppPath, querystring: CollectionQuery, response: { 200: collectionOf(SnapView), ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    await existingApp(deps, actor.accountId, request.params.app_id);
    const operations = await allPages((page) => deps.app.store.protectionOperations.list(actor.accountId, { ...page, applicationId: request.params.app_id }));
    negotiate(request, reply, SNAPS_MEDIA);
    return { type: SNAPS_MEDIA, version: '1.3', items: applyCollection(operations.map(snapView), request.query, FIELDS), metadata: {} };
  });

  scope.get(`${base}/:appSnap_id`, {
    config: { auth: 'read' },
    preValidation: onlyQuery([]),
    schema: { tags, summary: 'Get an application snapshot with its hookState', operationId: 'astraGetAppSnap', params: SnapPath, response: { 200: SnapView, ...ASTRA_ERRORS } },
  }, async (request, reply) => {
    const actor = actorOf(request, request.params.account_id);
    const operation = await deps.app.store.protectionOperations.get(actor.accountId, request.params.appSnap_id);
    if (!operation || operation.applicationId !== request.params.app_id) throw notFound('RESOURCE_NOT_FOUND', 'Application snapshot', request.params.appSnap_id);
    negotiate(request, reply, SNAP_MEDIA);
    return snapView(operation);
  });
}
