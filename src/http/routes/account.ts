import { Type } from 'typebox';
import { notFound } from '../../domain/errors.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS } from '../schemas/common.ts';

export function accountRoutes(server: Server, deps: HttpDeps): void {
  server.get('/api/v1/account', {
    config: { auth: 'read' },
    schema: {
      tags: ['account'], summary: 'The account of the calling token (its id is Astra\'s account_id)',
      response: { 200: Type.Object({ id: Type.String(), name: Type.String() }), ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { accountId } = principalOf(request);
    const account = await deps.app.store.accounts.get(accountId);
    if (!account) throw notFound('ACCOUNT_NOT_FOUND', 'Account', accountId);
    return { id: account.id, name: account.name };
  });
}
