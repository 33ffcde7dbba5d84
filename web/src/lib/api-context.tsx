/** The signed-in client and account, provided to every page; `signOut` also runs when the API answers 401. */
import { createContext, useContext } from 'react';
import type { Account, CapstanClient } from '../../../client/index.ts';

export interface Session {
  readonly client: CapstanClient;
  readonly account: Account;
  readonly signOut: (reason?: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
