import type { AccessKey } from '../../domain/access-key.ts';
import type { Page, PageQuery } from './store.ts';

/** Access keys (domain/access-key.ts). Deleting a token deletes its keys (foreign key, cascade). */
export interface AccessKeyRepo {
  /**
   * ID_TAKEN on a duplicate id; ACCESS_KEY_LIMIT when the token already has a key in that slot; TOKEN_NOT_FOUND
   * when the token does not exist.
   */
  insert(key: AccessKey): Promise<void>;
  /** By id alone, across accounts: the signature check's lookup (a signed request names only the key). */
  find(id: string): Promise<AccessKey | null>;
  /** The token's keys, newest first, keyset-paged. */
  listByToken(accountId: string, tokenId: string, page: PageQuery): Promise<Page<AccessKey>>;
  /** Returns false when the token has no such key. */
  delete(accountId: string, tokenId: string, id: string): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}
