import { AppError, notFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/principal.ts';
import { permissionsOf, type Permission, type Role } from '../../domain/roles.ts';
import type { AppDeps } from '../deps.ts';

export interface SessionView {
  readonly account: { readonly id: string; readonly name: string };
  /** The token the caller authenticated with (for a signed request: the access key's token). Never its secret. */
  readonly token: {
    readonly id: string;
    readonly name: string;
    readonly role: Role;
    /** What the role may do (domain/roles.ts), so a client needs no copy of the table. */
    readonly permissions: readonly Permission[];
    readonly expiresAt: number | null;
  };
}

/**
 * Who the caller is, so a client (the web UI) can offer only what its role allows. Informational: the server
 * still checks every request's role itself.
 */
export async function describeSession(deps: AppDeps, principal: Principal): Promise<SessionView> {
  const [account, token] = await Promise.all([
    deps.store.accounts.get(principal.accountId),
    deps.store.tokens.get(principal.accountId, principal.tokenId),
  ]);
  if (!account) throw notFound('ACCOUNT_NOT_FOUND', 'Account', principal.accountId);
  // Revoked between authentication (which may come from the principal cache) and this read: no longer valid.
  if (!token) throw new AppError('TOKEN_INVALID', 'The token is not valid or has expired.');
  return {
    account: { id: account.id, name: account.name },
    token: { id: token.id, name: token.name, role: token.role, permissions: permissionsOf(token.role), expiresAt: token.expiresAt },
  };
}
