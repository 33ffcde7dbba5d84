/**
 * Installs one surface's error rendering on a Fastify scope: every error goes through toAppError, 5xx are logged
 * with the request id (4xx at debug: they are the caller's mistake), and the surface's renderer shapes the body.
 * The native API and each vendor surface call this with their own renderer; nothing else writes error bodies.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from '../../domain/errors.ts';
import { toAppError } from './to-app-error.ts';

export interface RenderedError {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export type ErrorRenderer = (error: AppError, request: FastifyRequest) => RenderedError;

export function installErrorRenderer(scope: FastifyInstance, render: ErrorRenderer): void {
  scope.setErrorHandler((raw, request, reply) => send(toAppError(raw), request, reply, render));
}

export function send(error: AppError, request: FastifyRequest, reply: FastifyReply, render: ErrorRenderer): FastifyReply {
  if (error.status >= 500) request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed');
  else request.log.debug({ code: error.code, status: error.status }, 'request refused');
  const rendered = render(error, request);
  if (error.retryAfterS !== undefined) reply.header('retry-after', String(error.retryAfterS));
  for (const [name, value] of Object.entries(rendered.headers ?? {})) reply.header(name, value);
  // A response schema must not filter an error body, so it is serialized here.
  return reply.code(rendered.status).type(rendered.contentType).serializer(JSON.stringify).send(rendered.body);
}
