import type { AccountRepo } from '../../../app/ports/store.ts';
import type { Account } from '../../../domain/account.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { AccountRow } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import type { RepoContext } from './repo-context.ts';

// Read on every authenticated request that names the caller's account (GET /api/v1/account, Astra paths).
const byId = new PreparedQuery(1, (db, id: string) => db.selectFrom('accounts').selectAll().where('id', '=', id));

export class KyselyAccountRepo implements AccountRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  get(id: string): Promise<Account | null> {
    return guarded(this.#ctx.dialect, async () => {
      const [row] = await byId.execute(this.#ctx.db, this.#ctx.dialect.name, id);
      return row ? toAccount(row) : null;
    });
  }

  getDefault(): Promise<Account | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db
        .selectFrom('accounts')
        .selectAll()
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .limit(1)
        .executeTakeFirst();
      return row ? toAccount(row) : null;
    });
  }

  insert(account: Account): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db
        .insertInto('accounts')
        .values({ id: account.id, name: account.name, created_at: account.createdAt })
        .execute();
    };
    return guarded(this.#ctx.dialect, run, {
      unique: (primaryKey) =>
        primaryKey
          ? { code: 'ID_TAKEN', detail: `Account ${account.id} already exists.` }
          : { code: 'NAME_TAKEN', detail: `An account named ${account.name} already exists.` },
    });
  }
}

function toAccount(row: AccountRow): Account {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}
