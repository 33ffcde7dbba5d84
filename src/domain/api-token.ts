import type { Role } from './roles.ts';

/** A stored API token. The secret itself is never stored: only its SHA-256 (`secretHash`). */
export interface ApiToken {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly role: Role;
  readonly secretHash: string;
  /** First characters of the token as shown once, so an operator can tell tokens apart in lists. */
  readonly prefix: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly expiresAt: number | null;
}
