import type { Account, Role } from './types.ts';

/**
 * `GET /api/v1/session`: the calling token and its account. For showing only what the role allows; the server
 * still checks every request. Never carries the token's secret.
 */
/** read: any GET; write: create/change/delete; deploy: start runs, roll back; admin: tokens, audit, backups, channels. */
export type Permission = 'read' | 'write' | 'deploy' | 'admin';

export interface Session {
  readonly account: Account;
  readonly token: {
    readonly id: string;
    readonly name: string;
    readonly role: Role;
    /** What the role may do, as the server decides it. */
    readonly permissions: readonly Permission[];
    /** RFC 3339; null when the token never expires. */
    readonly expiresAt: string | null;
  };
}
