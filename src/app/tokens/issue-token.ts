import type { ApiToken } from '../../domain/api-token.ts';
import type { Role } from '../../domain/roles.ts';
import type { AppDeps } from '../deps.ts';
import { displayPrefix, hashTokenSecret, newTokenSecret } from './token-secret.ts';

export interface IssueTokenInput {
  readonly accountId: string;
  readonly name: string;
  readonly role: Role;
  readonly expiresInDays?: number | undefined;
}

/** Creates a token and returns its secret: the only time the secret exists outside the caller's hands. */
export async function issueToken(deps: AppDeps, input: IssueTokenInput): Promise<{ token: ApiToken; secret: string }> {
  const secret = newTokenSecret();
  const now = deps.clock.now();
  const token: ApiToken = {
    id: deps.ids.newId(),
    accountId: input.accountId,
    name: input.name,
    role: input.role,
    secretHash: hashTokenSecret(secret),
    prefix: displayPrefix(secret),
    createdAt: now,
    lastUsedAt: null,
    expiresAt: input.expiresInDays === undefined ? null : now + input.expiresInDays * 86_400_000,
  };
  await deps.store.tokens.insert(token);
  return { token, secret };
}
