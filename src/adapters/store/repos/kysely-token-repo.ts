import type { Page, PageQuery, TokenRepo } from '../../../app/ports/store.ts';
import type { ApiToken } from '../../../domain/api-token.ts';
import { AppError } from '../../../domain/errors.ts';
import { isRole } from '../../../domain/roles.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { Kysely } from 'kysely';
import type { ApiTokenRow, Database } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyTokenRepo implements TokenRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(token: ApiToken): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('api_tokens').values(toRow(token)).execute();
    };
    return guarded(this.#ctx.dialect, run, {
      // A secret-hash clash means the caller reused a secret: as fatal to this insert as a reused id.
      unique: () => ({ code: 'ID_TAKEN', detail: `Token ${token.id} already exists.` }),
      foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${token.accountId} does not exist.` }),
    });
  }

  get(accountId: string, id: string): Promise<ApiToken | null> {
    return this.#first((q) => q.where('account_id', '=', accountId).where('id', '=', id));
  }

  findBySecretHash(secretHash: string): Promise<ApiToken | null> {
    return this.#first((q) => q.where('secret_hash', '=', secretHash));
  }

  async list(accountId: string, page: PageQuery): Promise<Page<ApiToken>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('api_tokens').selectAll().where('account_id', '=', accountId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toToken);
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db
        .deleteFrom('api_tokens')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }

  touch(id: string, at: number): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    });
  }

  #first(where: (q: TokenQuery) => TokenQuery): Promise<ApiToken | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await where(selectTokens(this.#ctx.db)).executeTakeFirst();
      return row ? toToken(row) : null;
    });
  }
}

type TokenQuery = ReturnType<typeof selectTokens>;
function selectTokens(db: Kysely<Database>) {
  return db.selectFrom('api_tokens').selectAll();
}

function toRow(token: ApiToken): ApiTokenRow {
  return {
    id: token.id,
    account_id: token.accountId,
    name: token.name,
    role: token.role,
    secret_hash: token.secretHash,
    prefix: token.prefix,
    created_at: token.createdAt,
    last_used_at: token.lastUsedAt,
    expires_at: token.expiresAt,
  };
}

function toToken(row: ApiTokenRow): ApiToken {
  if (!isRole(row.role)) throw new AppError('INTERNAL', `Token ${row.id} has an unknown role.`);
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    role: row.role,
    secretHash: row.secret_hash,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
  };
}
