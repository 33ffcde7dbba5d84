import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * The execution-hook family (NetApp Astra): hook sources, execution hooks, the per-account feature switch,
 * per-application overrides of NetApp-provided hooks, protection operations (appSnaps) and hook runs.
 *
 * - Names are unique per account for sources and hooks (`*_account_id_name_key`), as Astra requires.
 * - A hook references its source by (account_id, hook_source_id) with no cascade: a referenced source cannot be
 *   deleted (Astra problems/72; the use case checks first, the foreign key is the backstop under concurrency).
 * - A custom hook and an override belong to an application and go with it (ON DELETE CASCADE); NetApp-provided
 *   hooks have no application.
 * - Protection operations and hook runs are history: they copy what they ran and reference nothing, so they
 *   survive edits and deletes of hooks and applications (seed-apis.md §5.1).
 * - Hook runs are ordered per record or operation by `seq`, which the insert computes (max + 1).
 * - An operation names the job that runs it (`job_id`); `protection_operations_active_idx` lets the orphan sweep
 *   look only at pending/running operations and their jobs, as `deploy_records_active_idx` does for records.
 *
 * Booleans are 0/1 integers, JSON columns hold text, epoch-ms columns follow 0001.
 */
export function executionHooks(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('hook_sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source_type', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_md5', 'text', (c) => c.notNull())
        .addColumn('private', 'integer', (c) => c.notNull())
        .addColumn('preloaded', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('modified_by', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('hook_sources_account_id_name_key', ['account_id', 'name'])
        .addUniqueConstraint('hook_sources_account_id_id_key', ['account_id', 'id'])
        .execute();
      await pageIndex(db, 'hook_sources', ['account_id']);

      await db.schema
        .createTable('execution_hooks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('hook_type', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.references('applications.id').onDelete('cascade'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('matching_criteria', 'text', (c) => c.notNull())
        .addColumn('hook_source_id', 'text', (c) => c.notNull())
        .addColumn('arguments', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('failure_mode', 'text', (c) => c.notNull())
        .addColumn('timeout_ms', int8)
        .addColumn('schema_version', 'text', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('modified_by', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('execution_hooks_account_id_name_key', ['account_id', 'name'])
        .addForeignKeyConstraint('execution_hooks_hook_source_fkey', ['account_id', 'hook_source_id'], 'hook_sources', ['account_id', 'id'])
        .addCheckConstraint('execution_hooks_hook_type_check', sql`hook_type in ('custom', 'netapp')`)
        .addCheckConstraint('execution_hooks_stage_check', sql`stage in ('pre', 'post')`)
        .addCheckConstraint('execution_hooks_failure_mode_check', sql`failure_mode in ('soft', 'hard')`)
        .execute();
      await pageIndex(db, 'execution_hooks', ['account_id']);
      await pageIndex(db, 'execution_hooks', ['account_id', 'application_id']);
      await db.schema.createIndex('execution_hooks_account_id_hook_source_id_idx').on('execution_hooks')
        .columns(['account_id', 'hook_source_id']).execute();
      // The runner's lookup: one action phase of one application (plus the account's NetApp hooks).
      await db.schema.createIndex('execution_hooks_phase_idx').on('execution_hooks')
        .columns(['account_id', 'action', 'stage']).execute();

      await db.schema
        .createTable('execution_hook_settings')
        .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('execution_hook_overrides')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
        .addColumn('execution_hook_id', 'text', (c) => c.notNull().references('execution_hooks.id').onDelete('cascade'))
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('modified_by', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('execution_hook_overrides_application_id_execution_hook_id_key', ['application_id', 'execution_hook_id'])
        .execute();
      await pageIndex(db, 'execution_hook_overrides', ['account_id', 'application_id']);

      await db.schema
        .createTable('protection_operations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_unready', 'text', (c) => c.notNull())
        .addColumn('hook_state', 'text')
        .addColumn('hook_state_details', 'text', (c) => c.notNull())
        .addColumn('volume_snapshots', 'text', (c) => c.notNull())
        .addColumn('schema_version', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('started_at', int8)
        .addColumn('finished_at', int8)
        .addColumn('snapshot_at', int8)
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addColumn('job_id', 'text')
        .addUniqueConstraint('protection_operations_application_id_name_key', ['application_id', 'name'])
        .addCheckConstraint('protection_operations_state_check', sql`state in ('pending', 'running', 'completed', 'failed')`)
        .execute();
      await pageIndex(db, 'protection_operations', ['account_id']);
      await pageIndex(db, 'protection_operations', ['account_id', 'application_id']);
      await db.schema.createIndex('protection_operations_active_idx').on('protection_operations').column('job_id')
        .where(sql.ref('state'), 'in', sql`('pending', 'running')`)
        .execute();

      await db.schema
        .createTable('hook_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text')
        .addColumn('operation_id', 'text')
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('execution_hook_id', 'text', (c) => c.notNull())
        .addColumn('hook_name', 'text', (c) => c.notNull())
        .addColumn('hook_type', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('failure_mode', 'text', (c) => c.notNull())
        .addColumn('arguments', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text')
        .addColumn('pod_name', 'text')
        .addColumn('container_name', 'text')
        .addColumn('container_image', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('exit_code', 'integer')
        .addColumn('message', 'text')
        .addColumn('stdout_tail', 'text', (c) => c.notNull())
        .addColumn('stderr_tail', 'text', (c) => c.notNull())
        .addColumn('started_at', int8, (c) => c.notNull())
        .addColumn('finished_at', int8)
        .addColumn('duration_ms', int8)
        .addColumn('created_at', int8, (c) => c.notNull())
        .addCheckConstraint('hook_runs_owner_check', sql`(record_id is null) <> (operation_id is null)`)
        .addCheckConstraint('hook_runs_state_check', sql`state in ('running', 'succeeded', 'failed', 'timedOut', 'skipped')`)
        .execute();
      // Two runs of one owner never share a seq (a concurrent second writer fails instead of interleaving).
      await db.schema.createIndex('hook_runs_record_id_seq_key').on('hook_runs').columns(['record_id', 'seq']).unique()
        .where(sql.ref('record_id'), 'is not', null).execute();
      await db.schema.createIndex('hook_runs_operation_id_seq_key').on('hook_runs').columns(['operation_id', 'seq']).unique()
        .where(sql.ref('operation_id'), 'is not', null).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['hook_runs', 'protection_operations', 'execution_hook_overrides', 'execution_hook_settings', 'execution_hooks', 'hook_sources']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}

/** Keyset pagination index: (scope…, created_at, id). */
async function pageIndex(db: Kysely<unknown>, table: string, scope: string[]): Promise<void> {
  await db.schema.createIndex(`${table}_${scope.join('_')}_page_idx`).on(table).columns([...scope, 'created_at', 'id']).execute();
}
