import type { Account } from '../../domain/account.ts';
import { isAppError } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { issueToken } from '../tokens/issue-token.ts';
import { displayPrefix, hashTokenSecret } from '../tokens/token-secret.ts';

export const BOOTSTRAP_TOKEN_NAME = 'bootstrap-admin';

export interface BootstrapResult {
  readonly account: Account;
  /** Set only when this start generated the first admin token: print it once, it is not stored in clear. */
  readonly generatedToken: string | null;
}

/**
 * First start: creates the default account. CAPSTAN_ADMIN_TOKEN, when set, is (re)registered as the admin token
 * `bootstrap-admin`; when unset and no admin token exists yet, one is generated and returned for printing.
 * Idempotent, so every start may call it.
 */
export async function bootstrap(deps: AppDeps, adminToken: string | null): Promise<BootstrapResult> {
  const account = await ensureDefaultAccount(deps);
  const existing = (await deps.store.tokens.list(account.id, { limit: 500 })).items.find((t) => t.name === BOOTSTRAP_TOKEN_NAME);
  if (adminToken !== null) {
    if (existing?.secretHash === hashTokenSecret(adminToken)) return { account, generatedToken: null };
    if (existing) await deps.store.tokens.delete(account.id, existing.id);
    await deps.store.tokens.insert({
      id: deps.ids.newId(), accountId: account.id, name: BOOTSTRAP_TOKEN_NAME, role: 'admin',
      secretHash: hashTokenSecret(adminToken), prefix: displayPrefix(adminToken),
      createdAt: deps.clock.now(), lastUsedAt: null, expiresAt: null,
    });
    return { account, generatedToken: null };
  }
  if (existing) return { account, generatedToken: null };
  const { secret } = await issueToken(deps, { accountId: account.id, name: BOOTSTRAP_TOKEN_NAME, role: 'admin' });
  return { account, generatedToken: secret };
}

async function ensureDefaultAccount(deps: AppDeps): Promise<Account> {
  const found = await deps.store.accounts.getDefault();
  if (found) return found;
  const account: Account = { id: deps.ids.newId(), name: 'default', createdAt: deps.clock.now() };
  try {
    await deps.store.accounts.insert(account);
    return account;
  } catch (error) {
    // Another replica starting at the same moment won the insert (account names are unique): use its account.
    const winner = isAppError(error) && error.kind === 'conflict' ? await deps.store.accounts.getDefault() : null;
    if (!winner) throw error;
    return winner;
  }
}
