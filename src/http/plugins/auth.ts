/**
 * Bearer-token authentication and role checks for every route, before the body is read. Missing credentials →
 * 401 TOKEN_MISSING, unknown/expired → 401 TOKEN_INVALID, a role without the route's permission → 403
 * ROLE_FORBIDS_ACTION. Routes opt out only with `config.auth = 'public'`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { roleAllows } from '../../domain/roles.ts';
import './fastify-types.ts';

export type Authenticator = (secret: string) => Promise<Principal>;

export function installAuth(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // Unmatched routes have no config: they answer 404 without asking for credentials.
    if (request.is404 || config.auth === 'public') return;
    const secret = credentialOf(request, config.xAuthToken === true);
    if (secret === null) throw new AppError('TOKEN_MISSING', 'Send an API token as "Authorization: Bearer <token>".');
    const principal = await authenticate(secret);
    const needed = config.auth ?? 'admin';
    if (!roleAllows(principal.role, needed)) {
      throw new AppError('ROLE_FORBIDS_ACTION', `A ${principal.role} token cannot ${needed === 'read' ? 'read this' : `do this (needs ${needed})`}.`);
    }
    request.principal = principal;
  });
}

function credentialOf(request: FastifyRequest, allowXAuthToken: boolean): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError('TOKEN_INVALID', 'The Authorization header must be "Bearer <token>".');
    return match[1]!;
  }
  const xAuth = request.headers['x-auth-token'];
  if (allowXAuthToken && typeof xAuth === 'string' && xAuth !== '') return xAuth;
  return null;
}
