/** Capstan's additions to Fastify's request and route-config types. */
import type { Principal } from '../../domain/principal.ts';
import type { Permission } from '../../domain/roles.ts';
import type { SignatureSchemeName } from '../signatures/signed-request.ts';

/** `public`: no credentials (health, metrics, docs, signed trigger/webhook URLs that verify their own secret). */
export type RouteAuth = Permission | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required permission; a route that declares none needs `admin` (deny by default). */
    auth?: RouteAuth;
    /** Also accept `X-Auth-Token: <token>` (the CodeArts surface). */
    xAuthToken?: boolean;
    /**
     * Also accept this vendor's request signature, made with an access key of a token (the vendor surfaces:
     * ACK `acs3`, TCR API 3.0 `tc3`, CCR API 2.0 `tencent-v2`, CodeArts `huawei-sdk`). The request then acts
     * with the key's token's role.
     */
    signature?: SignatureSchemeName;
  }
  interface FastifyRequest {
    /**
     * Who authenticated. Set even when the route's role check then refuses the call (the audit log names who was
     * refused); a handler only ever runs for an allowed principal.
     */
    principal: Principal | null;
  }
}

export function principalOf(request: { principal: Principal | null }): Principal {
  if (!request.principal) throw new Error('route declared auth but no principal was resolved');
  return request.principal;
}
