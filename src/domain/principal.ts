import type { Role } from './roles.ts';

/** Who is calling: resolved from a bearer token (or, later, a vendor access-key signature). */
export interface Principal {
  readonly accountId: string;
  readonly tokenId: string;
  readonly tokenName: string;
  readonly role: Role;
  /** The access key a vendor signature was made with; absent when the token itself was sent. */
  readonly accessKeyId?: string;
}
