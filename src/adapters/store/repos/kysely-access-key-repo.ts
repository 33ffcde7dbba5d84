import type { AccessKeyRepo } from '../../../app/ports/access-key-repo.ts';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import { MAX_ACCESS_KEYS_PER_TOKEN, type AccessKey } from '../../../domain/access-key.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { AccessKeyRow } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyAccessKeyRepo implements AccessKeyRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(key: AccessKey): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('access_keys').values(toRow(key)).execute();
    }, {
      // The only other unique constraint is (token_id, slot): a concurrent creation took the slot.
      unique: (primaryKey) => primaryKey
        ? { code: 'ID_TAKEN', detail: `Access key ${key.id} already exists.` }
        : { code: 'ACCESS_KEY_LIMIT', detail: `Token ${key.tokenId} already has ${MAX_ACCESS_KEYS_PER_TOKEN} access keys; delete one first.` },
      foreignKey: () => ({ code: 'TOKEN_NOT_FOUND', detail: `Token ${key.tokenId} does not exist.` }),
    });
  }

  find(id: string): Promise<AccessKey | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('access_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toKey(row) : null;
    });
  }

  listByToken(accountId: string, tokenId: string, page: PageQuery): Promise<Page<AccessKey>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('access_keys').selectAll()
        .where('token_id', '=', tokenId).where('account_id', '=', accountId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toKey);
    });
  }

  delete(accountId: string, tokenId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('access_keys')
        .where('id', '=', id).where('token_id', '=', tokenId).where('account_id', '=', accountId)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }

  touch(id: string, at: number): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.updateTable('access_keys').set({ last_used_at: at }).where('id', '=', id).execute();
    });
  }
}

function toRow(key: AccessKey): AccessKeyRow {
  return {
    id: key.id,
    account_id: key.accountId,
    token_id: key.tokenId,
    slot: key.slot,
    secret_ciphertext: key.secretCiphertext,
    created_at: key.createdAt,
    last_used_at: key.lastUsedAt,
  };
}

function toKey(row: AccessKeyRow): AccessKey {
  return {
    id: row.id,
    accountId: row.account_id,
    tokenId: row.token_id,
    slot: Number(row.slot),
    secretCiphertext: row.secret_ciphertext,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
