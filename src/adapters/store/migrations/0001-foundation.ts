import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Accounts, API tokens, clusters, applications and the job queue.
 *
 * Naming conventions the adapters rely on: primary keys keep PostgreSQL's default name `<table>_pkey`
 * (postgres-errors.ts tells ID_TAKEN from NAME_TAKEN by it); every other unique constraint is `<table>_<cols>_key`.
 * Epoch-ms columns are `bigint` on PostgreSQL and `integer` (64-bit) on SQLite.
 */
export function foundation(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        // Two replicas bootstrapping at once both try to create "default"; one must lose.
        .addUniqueConstraint('accounts_name_key', ['name'])
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('last_used_at', int8)
        .addColumn('expires_at', int8)
        .addUniqueConstraint('api_tokens_secret_hash_key', ['secret_hash'])
        .execute();
      await pageIndex(db, 'api_tokens', ['account_id']);

      await db.schema
        .createTable('clusters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kubeconfig_ciphertext', 'text', (c) => c.notNull())
        .addColumn('server', 'text', (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        .addUniqueConstraint('clusters_account_id_name_key', ['account_id', 'name'])
        // Lets applications reference (account_id, cluster_id), so an application never points across accounts.
        .addUniqueConstraint('clusters_account_id_id_key', ['account_id', 'id'])
        .execute();
      await pageIndex(db, 'clusters', ['account_id']);

      await db.schema
        .createTable('applications')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('selector', 'text', (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('applications_cluster_id_name_key', ['cluster_id', 'name'])
        .addForeignKeyConstraint('applications_cluster_fkey', ['account_id', 'cluster_id'], 'clusters', ['account_id', 'id'])
        .execute();
      await pageIndex(db, 'applications', ['account_id']);
      await pageIndex(db, 'applications', ['account_id', 'cluster_id']);

      await createJobs(db, int8);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['jobs', 'applications', 'clusters', 'api_tokens', 'accounts']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/** Keyset pagination index: (scope…, created_at, id), walked backwards for newest-first pages. */
async function pageIndex(db: Kysely<unknown>, table: string, scope: string[]): Promise<void> {
  const name = `${table}_${scope.join('_')}_page_idx`;
  await db.schema.createIndex(name).on(table).columns([...scope, 'created_at', 'id']).execute();
}

/** The job queue of protocols-reliability.md Q2: the per-key lock is a row guarded by a partial unique index. */
async function createJobs(db: Kysely<unknown>, int8: 'bigint' | 'integer'): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('serial_key', 'text')
    .addColumn('dedupe_key', 'text')
    .addColumn('coalesce_key', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', int8, (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', int8)
    .addColumn('fence', int8, (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addUniqueConstraint('jobs_dedupe_key_key', ['dedupe_key'])
    .addCheckConstraint('jobs_state_check', sql`state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')`)
    .execute();

  // Q2: at most one running job per serial key — a second claimer fails with a unique violation.
  await db.schema.createIndex('jobs_serial_key_running_key').on('jobs').column('serial_key').unique()
    .where(sql.ref('state'), '=', 'running').execute();
  // Q10: at most one queued job per coalesce key; enqueue merges into it instead.
  await db.schema.createIndex('jobs_coalesce_key_queued_key').on('jobs').column('coalesce_key').unique()
    .where(sql.ref('state'), '=', 'queued').execute();
  // Claim scans queued jobs in FIFO order, and checks "an older queued job of my key" per candidate.
  await db.schema.createIndex('jobs_queued_idx').on('jobs').columns(['created_at', 'id'])
    .where(sql.ref('state'), '=', 'queued').execute();
  await db.schema.createIndex('jobs_serial_key_queued_idx').on('jobs').columns(['serial_key', 'created_at', 'id'])
    .where(sql.ref('state'), '=', 'queued').execute();
  // The reaper looks for running jobs whose lease ran out.
  await db.schema.createIndex('jobs_lease_until_running_idx').on('jobs').column('lease_until')
    .where(sql.ref('state'), '=', 'running').execute();
  await pageIndex(db, 'jobs', ['account_id']);
}
