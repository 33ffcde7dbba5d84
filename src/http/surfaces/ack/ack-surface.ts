/**
 * The Alibaba Cloud ACK surface at the vendor's root paths (DESIGN.md; seed-apis.md §5.4): `/clusters/…/triggers`,
 * the deprecated `/triggers…` forms and the public `/hook/trigger`. Each prefix is its own encapsulated scope
 * whose errors — including unknown paths under it — leave in ACK's envelope; the hook's in its data-plane form.
 */
import { AppError } from '../../../domain/errors.ts';
import { installErrorRenderer, send, type ErrorRenderer } from '../../plugins/error-renderer.ts';
import type { HttpDeps, Server } from '../../http-deps.ts';
import { ackHookRoutes } from './hook-route.ts';
import { renderAckError, renderAckHookError } from './render-error.ts';
import { ackClusterTriggerRoutes, ackLegacyTriggerRoutes } from './trigger-routes.ts';

export function ackSurface(server: Server, deps: HttpDeps): void {
  const scoped = (prefix: string, routes: (scope: Server, deps: HttpDeps) => void, render: ErrorRenderer): void => {
    void server.register(async (scope) => {
      installErrorRenderer(scope, render);
      scope.setNotFoundHandler((request, reply) =>
        send(new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`), request, reply, render));
      routes(scope, deps);
    }, { prefix });
  };
  scoped('/clusters', ackClusterTriggerRoutes, renderAckError);
  scoped('/triggers', ackLegacyTriggerRoutes, renderAckError);
  scoped('/hook', ackHookRoutes, renderAckHookError);
}
