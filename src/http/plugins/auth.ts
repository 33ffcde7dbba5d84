/**
 * Bearer-token authentication and role checks for every route, before the body is read. Missing credentials →
 * 401 TOKEN_MISSING, unknown/expired → 401 TOKEN_INVALID, a role without the route's permission → 403
 * ROLE_FORBIDS_ACTION. Routes opt out only with `config.auth = 'public'`; a route that declares nothing needs
 * `admin` (deny by default). The check is attached to each route when it is registered, so a request pays for
 * nothing but the check itself; unmatched URLs answer 404 without asking for credentials.
 */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { roleAllows, type Permission } from '../../domain/roles.ts';
import './fastify-types.ts';
import { prependHook } from './route-hooks.ts';

export type Authenticator = (secret: string) => Promise<Principal>;

export interface AuthOptions {
  /** Routes under these prefixes are registered by plugins that cannot set config (the docs UI): public. */
  readonly publicPrefixes: readonly string[];
}

export function installAuth(app: FastifyInstance, authenticate: Authenticator, options: AuthOptions): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const auth = route.config?.auth ?? (options.publicPrefixes.some((p) => route.url.startsWith(p)) ? 'public' : 'admin');
    if (auth === 'public') return;
    const check = checkFor(authenticate, auth, route.config?.xAuthToken === true);
    route.onRequest = prependHook(check, route.onRequest);
  });
}

function checkFor(authenticate: Authenticator, needed: Permission, allowXAuthToken: boolean): onRequestAsyncHookHandler {
  return async function checkToken(request) {
    const secret = credentialOf(request, allowXAuthToken);
    if (secret === null) throw new AppError('TOKEN_MISSING', 'Send an API token as "Authorization: Bearer <token>".');
    const principal = await authenticate(secret);
    if (!roleAllows(principal.role, needed)) {
      throw new AppError('ROLE_FORBIDS_ACTION', `A ${principal.role} token cannot ${needed === 'read' ? 'read this' : `do this (needs ${needed})`}.`);
    }
    request.principal = principal;
  };
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
