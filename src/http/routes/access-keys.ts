import { Type } from 'typebox';
import { createAccessKey } from '../../app/access-keys/create-access-key.ts';
import { listAccessKeys } from '../../app/access-keys/list-access-keys.ts';
import { revokeAccessKey } from '../../app/access-keys/revoke-access-key.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AccessKeyView, CreatedAccessKey, TokenKeyParams, accessKeyView } from '../schemas/access-keys.ts';
import { AUTH_ERRORS, IdParams, PageQuery, Problem, pageOf } from '../schemas/common.ts';

const DESCRIPTION = 'Access keys let the vendors\' SDKs sign requests to the vendor surfaces (ACS3-HMAC-SHA256 on ACK, '
  + 'TC3-HMAC-SHA256 and API 2.0 HmacSHA1/HmacSHA256 on CCR/TCR, SDK-HMAC-SHA256 on CodeArts). A signed request acts '
  + 'with the role of the token the key belongs to; deleting the token deletes its keys. At most two keys per token.';

/** Access keys of API tokens: admin only, like tokens. The secret is returned once, by create. */
export function accessKeyRoutes(server: Server, deps: HttpDeps): void {
  const tags = ['tokens'];
  server.post('/api/v1/tokens/:id/access-keys', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Create an access key pair for a token', description: DESCRIPTION, params: IdParams,
      response: { 201: CreatedAccessKey, 404: Problem, 409: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    const { key, secret } = await createAccessKey(deps.app, principalOf(request).accountId, request.params.id);
    return reply.code(201).send({ ...accessKeyView(key), secret });
  });

  server.get('/api/v1/tokens/:id/access-keys', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'List a token\'s access keys (newest first, without secrets)', params: IdParams, querystring: PageQuery,
      response: { 200: pageOf(AccessKeyView), 400: Problem, 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const page = await listAccessKeys(deps.app, principalOf(request).accountId, request.params.id,
      { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null });
    return { items: page.items.map(accessKeyView), nextCursor: page.nextCursor };
  });

  server.delete('/api/v1/tokens/:id/access-keys/:keyId', {
    config: { auth: 'admin' },
    schema: {
      tags, summary: 'Delete an access key (signed requests with it fail at once)', params: TokenKeyParams,
      response: { 204: Type.Null(), 404: Problem, ...AUTH_ERRORS },
    },
  }, async (request, reply) => {
    await revokeAccessKey(deps.app, principalOf(request).accountId, request.params.id, request.params.keyId);
    return reply.code(204).send(null);
  });
}
