import { sql, type Kysely } from 'kysely';
import type { Store, StoreHealth, StoreRepos } from '../../app/ports/store.ts';
import { JobWakeupHub, type OpenRemoteWakeups } from './job-wakeup-hub.ts';
import { AutocommitReadiness, TransactionReadiness } from './repos/job-readiness.ts';
import { migrationsApplied } from './migrate.ts';
import { CachedAccountRepo } from './repos/cached-account-repo.ts';
import { KyselyAccountRepo } from './repos/kysely-account-repo.ts';
import { KyselyApplicationRepo } from './repos/kysely-application-repo.ts';
import { KyselyClusterRepo } from './repos/kysely-cluster-repo.ts';
import { KyselyDeployRecordRepo } from './repos/kysely-deploy-record-repo.ts';
import { KyselyDeployTaskRepo } from './repos/kysely-deploy-task-repo.ts';
import { KyselyJobQueue } from './repos/kysely-job-queue.ts';
import { KyselyRegistryEventRepo } from './repos/kysely-registry-event-repo.ts';
import { KyselyRegistryReceiverRepo } from './repos/kysely-registry-receiver-repo.ts';
import { KyselyTokenRepo } from './repos/kysely-token-repo.ts';
import { KyselyAccessKeyRepo } from './repos/kysely-access-key-repo.ts';
import { KyselyAuditLogRepo } from './repos/kysely-audit-log-repo.ts';
import { KyselyNotificationRepo } from './repos/kysely-notification-repo.ts';
import { KyselyImageQuarantineRepo } from './repos/kysely-image-quarantine-repo.ts';
import { KyselyWatchedRepositoryRepo } from './repos/kysely-watched-repository-repo.ts';
import { KyselyTriggerRepo } from './repos/kysely-trigger-repo.ts';
import { KyselyImageTriggerRepo } from './repos/kysely-image-trigger-repo.ts';
import { KyselyTriggerLogRepo } from './repos/kysely-trigger-log-repo.ts';
import { KyselyExecutionHookRepo } from './repos/kysely-execution-hook-repo.ts';
import { KyselyHookOverrideRepo } from './repos/kysely-hook-override-repo.ts';
import { KyselyHookRunRepo } from './repos/kysely-hook-run-repo.ts';
import { KyselyHookSourceRepo } from './repos/kysely-hook-source-repo.ts';
import { KyselyProtectionOperationRepo } from './repos/kysely-protection-operation-repo.ts';
import type { RepoContext } from './repos/repo-context.ts';
import type { Database } from './schema.ts';
import type { DialectName, SqlDialect } from './sql-dialect.ts';
import { storeError } from './store-errors.ts';

function reposOver(ctx: RepoContext): StoreRepos {
  return {
    accounts: new KyselyAccountRepo(ctx),
    tokens: new KyselyTokenRepo(ctx),
    accessKeys: new KyselyAccessKeyRepo(ctx),
    clusters: new KyselyClusterRepo(ctx),
    applications: new KyselyApplicationRepo(ctx),
    jobs: new KyselyJobQueue(ctx),
    hookSources: new KyselyHookSourceRepo(ctx),
    executionHooks: new KyselyExecutionHookRepo(ctx),
    hookOverrides: new KyselyHookOverrideRepo(ctx),
    protectionOperations: new KyselyProtectionOperationRepo(ctx),
    hookRuns: new KyselyHookRunRepo(ctx),
    records: new KyselyDeployRecordRepo(ctx),
    registryEvents: new KyselyRegistryEventRepo(ctx),
    registryReceivers: new KyselyRegistryReceiverRepo(ctx),
    watchedRepositories: new KyselyWatchedRepositoryRepo(ctx),
    triggers: new KyselyTriggerRepo(ctx),
    imageTriggers: new KyselyImageTriggerRepo(ctx),
    triggerLogs: new KyselyTriggerLogRepo(ctx),
    deployTasks: new KyselyDeployTaskRepo(ctx),
    auditEvents: new KyselyAuditLogRepo(ctx),
    notifications: new KyselyNotificationRepo(ctx),
    imageQuarantine: new KyselyImageQuarantineRepo(ctx),
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
// The repos are copied onto the instance in the constructor; this merged interface declares them, so a new repo
// is one line in `reposOver` and nothing here.
export interface KyselyStore extends StoreRepos {}

export class KyselyStore implements Store {
  readonly dialect: DialectName;
  readonly backup: Store['backup'];
  readonly jobWakeups: JobWakeupHub;
  readonly #db: Kysely<Database>;
  readonly #sql: SqlDialect;

  /**
   * `backup` is the dialect's online copy of the database (sqlite-store.ts), or null where it has none;
   * `openRemoteWakeups` listens for other processes' job wake-ups (postgres-store.ts), where there can be any.
   */
  constructor(db: Kysely<Database>, dialect: SqlDialect, backup: Store['backup'], openRemoteWakeups: OpenRemoteWakeups | null = null) {
    this.#db = db;
    this.#sql = dialect;
    this.dialect = dialect.name;
    this.backup = backup;
    this.jobWakeups = new JobWakeupHub(openRemoteWakeups);
    const repos = reposOver({ db, dialect, readiness: new AutocommitReadiness(dialect, this.jobWakeups) });
    Object.assign(this, repos, { accounts: new CachedAccountRepo(repos.accounts) });
  }

  /** Commits when `fn` resolves, rolls back when it throws (its error is rethrown untouched). */
  async transaction<T>(fn: (tx: StoreRepos) => Promise<T>): Promise<T> {
    const readiness = new TransactionReadiness(this.#sql, this.jobWakeups);
    try {
      const result = await this.#db.transaction().execute(async (trx) => {
        try {
          return await fn(reposOver({ db: trx, dialect: this.#sql, readiness }));
        } catch (error) {
          throw new CallerFailure(error);
        }
      });
      readiness.committed(); // only now: a rolled-back transaction throws above and wakes nobody
      return result;
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
    await this.jobWakeups.close();
    await this.#db.destroy();
  }
}
