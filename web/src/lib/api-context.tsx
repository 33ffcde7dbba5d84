/**
 * The signed-in client, account and token role, provided to every page; `signOut` also runs when the API answers
 * 401. The role and what it may do come from GET /api/v1/session, read once at sign-in.
 */
import { createContext, useContext } from 'react';
import type { Account, CapstanClient, Permission, Role } from '../../../client/index.ts';

export interface Session {
  readonly client: CapstanClient;
  readonly account: Account;
  readonly role: Role;
  readonly permissions: readonly Permission[];
  readonly signOut: (reason?: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

/**
 * Whether the signed-in token's role has `permission`: for leaving out controls the server would refuse. Never a
 * substitute for the server's check.
 */
export function useCan(permission: Permission): boolean {
  return useSession().permissions.includes(permission);
}
