/**
 * Bearer-token authentication and role checks for every route, before the body is read. Missing credentials →
 * 401 TOKEN_MISSING, unknown/expired → 401 TOKEN_INVALID, a role without the route's permission → 403
 * ROLE_FORBIDS_ACTION. Routes opt out only with `config.auth = 'public'`; a route that declares nothing needs
 * `admin` (deny by default). The check is attached to each route when it is registered, so a request pays for
 * nothing but the check itself; unmatched URLs answer 404 without asking for credentials.
 *
 * A vendor surface's route may also accept its vendor's request signature (`config.signature`, signed with an
 * access key of a token): then either a bearer token or a valid signature authenticates, and a signed request
 * acts with the key's token's role. Signatures are checked by SignatureAuth in three steps (head before the body,
 * digest while it streams, verification before validation); the role is checked once the signature is verified.
 */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, preValidationAsyncHookHandler, RouteOptions } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { roleAllows, type Permission } from '../../domain/roles.ts';
import { SCHEMES } from '../signatures/schemes.ts';
import type { SignatureScheme } from '../signatures/signed-request.ts';
import './fastify-types.ts';
import { prependHook } from './route-hooks.ts';
import type { SignatureAuth } from './signature-auth.ts';

export type Authenticator = (secret: string) => Promise<Principal>;

export interface AuthOptions {
  /** Routes under these prefixes are registered by plugins that cannot set config (the docs UI): public. */
  readonly publicPrefixes: readonly string[];
  /** Verifies vendor signatures on routes that declare `config.signature`; without it they take bearer tokens only. */
  readonly signatures?: SignatureAuth;
}

interface Signed {
  readonly scheme: SignatureScheme;
  readonly signatures: SignatureAuth;
}

export function installAuth(app: FastifyInstance, authenticate: Authenticator, options: AuthOptions): void {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const auth = route.config?.auth ?? (options.publicPrefixes.some((p) => route.url.startsWith(p)) ? 'public' : 'admin');
    if (auth === 'public') return;
    const schemeName = route.config?.signature;
    const signed: Signed | null = schemeName !== undefined && options.signatures !== undefined
      ? { scheme: SCHEMES[schemeName], signatures: options.signatures }
      : null;
    route.onRequest = prependHook(checkFor(authenticate, auth, route.config?.xAuthToken === true, signed), route.onRequest);
    if (signed !== null) {
      route.preParsing = prependHook(signed.signatures.capture, route.preParsing);
      route.preValidation = prependHook(finishFor(signed.signatures, auth), route.preValidation);
    }
  });
}

function checkFor(authenticate: Authenticator, needed: Permission, allowXAuthToken: boolean, signed: Signed | null): onRequestAsyncHookHandler {
  return async function checkToken(request) {
    if (signed !== null && !isBearer(request) && (await signed.signatures.start(request, signed.scheme))) return;
    const secret = credentialOf(request, allowXAuthToken, signed?.scheme ?? null);
    if (secret === null) {
      const bearer = allowXAuthToken ? '"Authorization: Bearer <token>" or "X-Auth-Token: <token>"' : '"Authorization: Bearer <token>"';
      throw new AppError('TOKEN_MISSING', signed === null
        ? `Send an API token as ${bearer}.`
        : `Sign the request (${signed.scheme.algorithm}) with an access key, or send ${bearer}.`);
    }
    // Set before the role check: a refused caller is still named (the audit log records who was refused).
    request.principal = await authenticate(secret);
    allowed(request.principal, needed);
  };
}

function finishFor(signatures: SignatureAuth, needed: Permission): preValidationAsyncHookHandler {
  return async function checkSignature(request) {
    const principal = await signatures.finish(request);
    if (principal === null) return;
    request.principal = principal;
    allowed(principal, needed);
  };
}

function allowed(principal: Principal, needed: Permission): void {
  if (!roleAllows(principal.role, needed)) {
    throw new AppError('ROLE_FORBIDS_ACTION', `A ${principal.role} token cannot ${needed === 'read' ? 'read this' : `do this (needs ${needed})`}.`);
  }
}

function isBearer(request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  return typeof header === 'string' && /^Bearer\s/i.test(header);
}

function credentialOf(request: FastifyRequest, allowXAuthToken: boolean, scheme: SignatureScheme | null): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new AppError('TOKEN_INVALID', scheme === null
        ? 'The Authorization header must be "Bearer <token>".'
        : `The Authorization header must be "Bearer <token>" or a ${scheme.algorithm} signature.`);
    }
    return match[1]!;
  }
  const xAuth = request.headers['x-auth-token'];
  if (allowXAuthToken && typeof xAuth === 'string' && xAuth !== '') return xAuth;
  return null;
}
