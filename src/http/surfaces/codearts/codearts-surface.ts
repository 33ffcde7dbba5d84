/**
 * The Huawei Cloud CodeArts Deploy surface at the vendor's root paths (DESIGN.md; seed-apis.md §3.1, §5.4):
 * `/v2/tasks/…`, `/v2/task/trigger/detail`, `/v2/history/tasks/…`, `/v2/{project_id}/…` and `/v1/applications`.
 * Every route accepts `X-Auth-Token: <token>` as well as `Authorization: Bearer <token>`, and every error —
 * including unknown paths under the fixed prefixes — leaves as `{"error":{"code","message"},"status":"failed"}`.
 *
 * Bodies are JSON; an empty body with `Content-Type: application/json` is read as `{}` (the Huawei SDKs send that
 * header on StopDeployTaskRecordV2, whose body is empty).
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import { installErrorRenderer, send } from '../../plugins/error-renderer.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { renderCodeArtsError } from './render-error.ts';
import { codeArtsHistoryRoutes, codeArtsParamsRoutes, codeArtsRunRoutes } from './run-routes.ts';
import { codeArtsApplicationRoutes, codeArtsProjectRoutes, codeArtsTaskRoutes, codeArtsTriggerRoutes } from './task-routes.ts';

type Routes = (scope: Server, deps: HttpDeps) => void;

export function codeArtsSurface(server: Server, deps: HttpDeps): void {
  const scoped = (prefix: string | null, ...routes: Routes[]): void => {
    void server.register(async (scope) => {
      installErrorRenderer(scope, renderCodeArtsError);
      acceptEmptyJson(scope);
      if (prefix !== null) {
        scope.setNotFoundHandler((request, reply) =>
          send(new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`), request, reply, renderCodeArtsError));
      }
      for (const add of routes) add(scope, deps);
    }, prefix === null ? {} : { prefix });
  };
  scoped('/v2/tasks', codeArtsTaskRoutes, codeArtsRunRoutes);
  scoped('/v2/task', codeArtsTriggerRoutes);
  scoped('/v2/history', codeArtsParamsRoutes);
  scoped('/v1/applications', codeArtsApplicationRoutes);
  // `/v2/{project_id}/…` shares `/v2` with the Tencent surface, so it gets no catch-all 404 of its own.
  scoped(null, codeArtsProjectRoutes, codeArtsHistoryRoutes);
}

function acceptEmptyJson(scope: FastifyInstance): void {
  const json = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') {
      done(null, {});
      return;
    }
    json(request, body as string, done);
  });
}
