import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Deploy records (domain/deploy-record.ts) and the workload changes they made (docs/adr/0005-deploy-records.md).
 *
 * - `deploy_records_active_task_key`: at most one queued-or-running record per task. Two concurrent starts of one
 *   task both pass any "is one running?" read; this partial unique index is what makes the second insert fail
 *   (the repository maps it to DEPLOY_IN_PROGRESS), on PostgreSQL under concurrency as on SQLite.
 * - `deploy_records_task_id_release_id_key`: CodeArts `release_id` is unique per task.
 * - `deploy_records_active_idx`: the orphan sweep looks only at queued/running records and their jobs.
 * - List filters are keyset-paged newest first, so each filter has a (scope…, created_at, id) index.
 *
 * JSON columns (params, plan, steps, created_by, before, after) hold text. Epoch-ms columns follow 0001.
 */
export function deployRecords(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('deploy_records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text')
        .addColumn('release_id', 'integer')
        .addColumn('trigger_id', 'text')
        .addColumn('rollback_of_record_id', 'text', (c) => c.references('deploy_records.id'))
        .addColumn('job_name', 'text', (c) => c.notNull())
        .addColumn('job_id', 'text')
        .addColumn('hook_action', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('plan', 'text', (c) => c.notNull())
        .addColumn('steps', 'text', (c) => c.notNull())
        .addColumn('deadline_at', int8, (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('stop_requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_by', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('started_at', int8)
        .addColumn('finished_at', int8)
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addCheckConstraint('deploy_records_state_check', sql`state in ('queued', 'running', 'succeeded', 'failed', 'stopped')`)
        .addCheckConstraint('deploy_records_type_check', sql`type in ('deploy', 'rollback', 'trigger')`)
        .execute();

      await db.schema.createIndex('deploy_records_active_task_key').on('deploy_records').columns(['account_id', 'task_id']).unique()
        .where(sql.ref('state'), 'in', sql`('queued', 'running')`)
        .where(sql.ref('task_id'), 'is not', null)
        .execute();
      await db.schema.createIndex('deploy_records_task_id_release_id_key').on('deploy_records')
        .columns(['account_id', 'task_id', 'release_id']).unique().execute();
      await db.schema.createIndex('deploy_records_active_idx').on('deploy_records').column('job_id')
        .where(sql.ref('state'), 'in', sql`('queued', 'running')`)
        .execute();
      for (const scope of [[], ['task_id'], ['trigger_id'], ['state'], ['type']]) {
        const columns = ['account_id', ...scope];
        await db.schema.createIndex(`deploy_records_${columns.join('_')}_page_idx`).on('deploy_records')
          .columns([...columns, 'created_at', 'id']).execute();
      }

      await db.schema
        .createTable('deploy_record_changes')
        .addColumn('record_id', 'text', (c) => c.notNull().references('deploy_records.id'))
        .addColumn('step_index', 'integer', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('before', 'text', (c) => c.notNull())
        .addColumn('after', 'text', (c) => c.notNull())
        .addColumn('at', int8, (c) => c.notNull())
        // One write per workload per step: a resumed run that stored its change already cannot store it twice.
        .addPrimaryKeyConstraint('deploy_record_changes_pkey', ['record_id', 'step_index', 'cluster_id', 'namespace', 'kind', 'name'])
        .execute();
      await db.schema.createIndex('deploy_record_changes_record_id_at_idx').on('deploy_record_changes')
        .columns(['record_id', 'at']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('deploy_record_changes').execute();
      await db.schema.dropTable('deploy_records').execute();
    },
  };
}
