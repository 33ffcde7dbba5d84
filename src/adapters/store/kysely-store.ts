import { sql, type Kysely } from 'kysely';
import type { Store, StoreHealth, StoreRepos } from '../../app/ports/store.ts';
import { migrationsApplied } from './migrate.ts';
import { KyselyAccountRepo } from './repos/kysely-account-repo.ts';
import { KyselyApplicationRepo } from './repos/kysely-application-repo.ts';
import { KyselyClusterRepo } from './repos/kysely-cluster-repo.ts';
import { KyselyJobQueue } from './repos/kysely-job-queue.ts';
import { KyselyTokenRepo } from './repos/kysely-token-repo.ts';
import type { RepoContext } from './repos/repo-context.ts';
import type { Database } from './schema.ts';
import type { DialectName, SqlDialect } from './sql-dialect.ts';
import { storeError } from './store-errors.ts';

function reposOver(ctx: RepoContext): StoreRepos {
  return {
    accounts: new KyselyAccountRepo(ctx),
    tokens: new KyselyTokenRepo(ctx),
    clusters: new KyselyClusterRepo(ctx),
    applications: new KyselyApplicationRepo(ctx),
    jobs: new KyselyJobQueue(ctx),
  };
}

/** Marks an error thrown by the caller's callback, so that only the store's own failures get translated. */
class CallerFailure {
  readonly error: unknown;
  constructor(error: unknown) {
    this.error = error;
  }
}

/**
 * The Store over one Kysely instance; `openSqliteStore` and `openPostgresStore` build it with their dialect.
 * Keep transactions short: on SQLite a transaction holds the only connection (and the write lock) until it ends,
 * and calling the Store itself (rather than `tx`) from inside one would wait for it forever.
 */
export class KyselyStore implements Store {
  readonly dialect: DialectName;
  readonly accounts: StoreRepos['accounts'];
  readonly tokens: StoreRepos['tokens'];
  readonly clusters: StoreRepos['clusters'];
  readonly applications: StoreRepos['applications'];
  readonly jobs: StoreRepos['jobs'];
  readonly #db: Kysely<Database>;
  readonly #sql: SqlDialect;

  constructor(db: Kysely<Database>, dialect: SqlDialect) {
    this.#db = db;
    this.#sql = dialect;
    this.dialect = dialect.name;
    ({ accounts: this.accounts, tokens: this.tokens, clusters: this.clusters, applications: this.applications,
      jobs: this.jobs } = reposOver({ db, dialect }));
  }

  /** Commits when `fn` resolves, rolls back when it throws (its error is rethrown untouched). */
  async transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T> {
    try {
      return await this.#db.transaction().execute(async (trx) => {
        try {
          return await fn(reposOver({ db: trx, dialect: this.#sql }));
        } catch (error) {
          throw new CallerFailure(error);
        }
      });
    } catch (error) {
      if (error instanceof CallerFailure) throw error.error;
      throw storeError(error, this.#sql);
    }
  }

  async health(): Promise<StoreHealth> {
    try {
      await sql`select 1`.execute(this.#db);
    } catch {
      return { reachable: false, migrationsApplied: false };
    }
    try {
      return { reachable: true, migrationsApplied: await migrationsApplied(this.#db, this.dialect) };
    } catch {
      return { reachable: true, migrationsApplied: false };
    }
  }

  async close(): Promise<void> {
    await this.#db.destroy();
  }
}
