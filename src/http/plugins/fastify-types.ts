/** Capstan's additions to Fastify's request and route-config types. */
import type { Principal } from '../../domain/principal.ts';
import type { Permission } from '../../domain/roles.ts';

/** `public`: no credentials (health, metrics, docs, signed trigger/webhook URLs that verify their own secret). */
export type RouteAuth = Permission | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required permission; a route that declares none needs `admin` (deny by default). */
    auth?: RouteAuth;
    /** Also accept `X-Auth-Token: <token>` (the CodeArts surface). */
    xAuthToken?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new Error('route declared auth but no principal was resolved');
  return request.principal;
}
