import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { issueToken } from '../../app/tokens/issue-token.ts';
import type { PrincipalCache } from '../../app/tokens/principal-cache.ts';
import { revokeToken } from '../../app/tokens/revoke-token.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';
import { CreateTokenBody, CreatedToken, TokenView, tokenView } from '../schemas/tokens.ts';

/** Token CRUD: admin only. The secret is returned once, by create. */
export function tokenRoutes(server: Server, deps: HttpDeps, principals: PrincipalCache): void {
  const tags = ['tokens'];
  server.post('/api/v1/tokens', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Create an API token', body: CreateTokenBody, response: { 201: CreatedToken, 400: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    const { token, secret } = await issueToken(deps.app, { accountId: principalOf(request).accountId, ...request.body });
    return reply.code(201).send({ ...tokenView(token), token: secret });
  });

  server.get('/api/v1/tokens', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'List API tokens (newest first)', querystring: PageQuery, response: { 200: pageOf(TokenView), 400: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const page = await deps.app.store.tokens.list(principalOf(request).accountId, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(tokenView), nextCursor: page.nextCursor };
  });

  server.get('/api/v1/tokens/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Get an API token (without its secret)', params: IdParams, response: { 200: TokenView, 404: Problem, ...AUTH_ERRORS } },
  }, async (request) => {
    const token = await deps.app.store.tokens.get(principalOf(request).accountId, request.params.id);
    if (!token) throw notFound('TOKEN_NOT_FOUND', 'Token', request.params.id);
    return tokenView(token);
  });

  server.delete('/api/v1/tokens/:id', {
    config: { auth: 'admin' },
    schema: { tags, summary: 'Revoke an API token (effective immediately)', params: IdParams, response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS } },
  }, async (request, reply) => {
    await revokeToken(deps.app, principals, principalOf(request).accountId, request.params.id);
    return reply.code(204).send(null);
  });
}
