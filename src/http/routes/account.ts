import { Type } from 'typebox';
import { describeSession } from '../../app/accounts/describe-session.ts';
import { notFound } from '../../domain/errors.ts';
import { principalOf } from '../plugins/fastify-types.ts';
import type { HttpDeps, Server } from '../http-deps.ts';
import { AUTH_ERRORS, Timestamp, iso } from '../schemas/common.ts';
import { RoleSchema } from '../schemas/tokens.ts';

const Session = Type.Object({
  account: Type.Object({ id: Type.String(), name: Type.String() }),
  token: Type.Object({
    id: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    permissions: Type.Array(Type.Union([Type.Literal('read'), Type.Literal('write'), Type.Literal('deploy'), Type.Literal('admin')]), {
      description: 'What the role may do: read (every GET), write (create, change, delete), deploy (start runs, roll back), admin (tokens, audit log, backups, notification channels).',
    }),
    expiresAt: Type.Union([Timestamp, Type.Null()]),
  }, { description: 'The calling token (for a signed request, the access key\'s token); never its secret.' }),
});

export function accountRoutes(server: Server, deps: HttpDeps): void {
  // The shape of this answer is a documented contract (DESIGN.md) and benchmarked: extend /session instead.
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

  server.get('/api/v1/session', {
    config: { auth: 'read' },
    schema: {
      tags: ['account'], summary: 'The calling token and its account: lets a client offer only what the role allows',
      response: { 200: Session, ...AUTH_ERRORS },
    },
  }, async (request) => {
    const { account, token } = await describeSession(deps.app, principalOf(request));
    return { account, token: { ...token, permissions: [...token.permissions], expiresAt: iso(token.expiresAt) } };
  });
}
