import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { PROBLEM_CONTENT_TYPE, renderProblem } from '../render/problem.ts';
import { installErrorRenderer, send, type ErrorRenderer } from './error-renderer.ts';
import type { PageFallback } from './web-ui.ts';

export const renderNativeProblem: ErrorRenderer = (error: AppError, request: FastifyRequest) => ({
  status: error.status,
  contentType: PROBLEM_CONTENT_TYPE,
  body: renderProblem(error, request.url.split('?')[0] ?? request.url, request.id),
  // RFC 9110 §11.6.1: a 401 carries a challenge. Vendor surfaces decide for themselves (the ACK hook must not
  // tell a bad token from an unknown trigger).
  ...(error.kind === 'unauthenticated' ? { headers: { 'www-authenticate': 'Bearer realm="capstan"' } } : {}),
});

/**
 * problem+json for the native API, health endpoints and unknown routes. An unknown path is first offered to
 * `pageFallback` (the web UI's deep links) when one is given.
 */
export function installNativeErrors(app: FastifyInstance, pageFallback?: PageFallback): void {
  installErrorRenderer(app, renderNativeProblem);
  app.setNotFoundHandler((request, reply) => pageFallback?.(request, reply) === true ? reply :
    send(new AppError('ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}.`), request, reply, renderNativeProblem));
}
