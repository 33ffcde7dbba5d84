/**
 * The NetApp Astra surface at the vendor's paths under `/accounts` (DESIGN.md; seed-apis.md §4, §5.4): execution
 * hooks, hook sources, hook overrides and appSnaps. One encapsulated scope whose errors — including unknown paths
 * under `/accounts` — leave as Astra problem details (render-error.ts), and which reads request bodies sent as
 * `application/json` or as a resource media type (`application/astra-executionHook+json`, …).
 */
import { AppError } from '../../../domain/errors.ts';
import { installErrorRenderer, send } from '../../plugins/error-renderer.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { astraAppSnapRoutes } from './app-snap-routes.ts';
import { astraHookOverrideRoutes } from './hook-override-routes.ts';
import { astraHookRoutes } from './hook-routes.ts';
import { astraHookSourceRoutes } from './hook-source-routes.ts';
import { renderAstraError } from './render-error.ts';

const ASTRA_JSON = /^application\/astra-[a-z0-9]+\+json(\s*;.*)?$/i;

export function astraSurface(server: Server, deps: HttpDeps): void {
  void server.register(async (scope) => {
    installErrorRenderer(scope, renderAstraError);
    scope.addContentTypeParser(ASTRA_JSON, { parseAs: 'string' }, scope.getDefaultJsonParser('error', 'error'));
    scope.setNotFoundHandler((request, reply) =>
      send(new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`), request, reply, renderAstraError));
    astraHookRoutes(scope, deps);
    astraHookSourceRoutes(scope, deps);
    astraHookOverrideRoutes(scope, deps);
    astraAppSnapRoutes(scope, deps);
  }, { prefix: '/accounts' });
}
