import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Image-push triggers (Tencent CCR/TCR) and their firing log.
 *
 * `image_triggers`: unique name per account (Tencent addresses triggers by name); a push finds its candidates
 * through `(account_id, repository, …)`, so matching reads only the pushed repository's triggers. The cluster
 * foreign key cascades like ACK triggers: deleting a cluster deletes the triggers that deploy to it.
 *
 * `trigger_logs`: one row per firing, with the trigger's name, condition and target copied in (history survives
 * renames and deletes, so there is no foreign key to the trigger or the record). `(event_id, trigger_id)` is
 * unique: a redelivered match job never fires twice. `seq` numbers each repository's firings 1, 2, 3… without
 * gaps, handed out by `trigger_log_heads` inside the firing's transaction (a rolled-back firing gives its number
 * back), so ListTriggerLog finds "offset k" of a repository as `seq = last_seq - k` (or `first_seq + k`) in one
 * index probe, and its total as `last_seq - first_seq + 1`, at any depth. Anything that deletes log rows must
 * delete each repository's oldest rows first and raise `first_seq` (retention by age does), keeping this dense.
 *
 * Indexes serve ListTriggerLog's orderings (firing time, trigger name, repository; with and without a repository)
 * and the native keyset list's filters (repository, trigger, time window). Naming follows 0001.
 */
export function imageTriggers(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('image_triggers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('registry_host', 'text')
        .addColumn('condition_method', 'text', (c) => c.notNull())
        .addColumn('condition_expr', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull())
        .addColumn('cluster_region', int8, (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('workload_kind', 'text', (c) => c.notNull())
        .addColumn('workload_name', 'text', (c) => c.notNull())
        .addColumn('container_name', 'text', (c) => c.notNull())
        .addColumn('pin_digest', 'integer', (c) => c.notNull())
        .addColumn('created_by_token_id', 'text')
        .addColumn('created_by_name', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('image_triggers_account_id_name_key', ['account_id', 'name'])
        .addForeignKeyConstraint('image_triggers_cluster_fkey', ['account_id', 'cluster_id'], 'clusters', ['account_id', 'id'], (fk) => fk.onDelete('cascade'))
        .addCheckConstraint('image_triggers_condition_method_check', sql`condition_method in ('all', 'taglist', 'regex')`)
        .addCheckConstraint('image_triggers_pin_digest_check', sql`pin_digest in (0, 1)`)
        .execute();
      // Match candidates (account, repository) and ListTrigger by repository, newest first.
      await db.schema.createIndex('image_triggers_account_id_repository_page_idx').on('image_triggers')
        .columns(['account_id', 'repository', 'created_at', 'id']).execute();
      await db.schema.createIndex('image_triggers_account_id_page_idx').on('image_triggers').columns(['account_id', 'created_at', 'id']).execute();
      // Native filter by cluster, and the foreign-key side of the cluster cascade.
      await db.schema.createIndex('image_triggers_account_id_cluster_id_page_idx').on('image_triggers')
        .columns(['account_id', 'cluster_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('trigger_log_heads')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('first_seq', int8, (c) => c.notNull())
        .addColumn('last_seq', int8, (c) => c.notNull())
        .addColumn('last_invoked_at', int8, (c) => c.notNull())
        .addPrimaryKeyConstraint('trigger_log_heads_pkey', ['account_id', 'repository'])
        .execute();

      await db.schema
        .createTable('trigger_logs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('seq', int8, (c) => c.notNull())
        .addColumn('trigger_id', 'text', (c) => c.notNull())
        .addColumn('trigger_name', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('digest', 'text')
        .addColumn('image', 'text')
        .addColumn('condition_method', 'text', (c) => c.notNull())
        .addColumn('condition_expr', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull())
        .addColumn('cluster_region', int8, (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('workload_kind', 'text', (c) => c.notNull())
        .addColumn('workload_name', 'text', (c) => c.notNull())
        .addColumn('container_name', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('invoked_at', int8, (c) => c.notNull())
        .addUniqueConstraint('trigger_logs_event_id_trigger_id_key', ['event_id', 'trigger_id'])
        .addUniqueConstraint('trigger_logs_account_id_repository_seq_key', ['account_id', 'repository', 'seq'])
        .addCheckConstraint('trigger_logs_status_check', sql`status in ('pending', 'succeeded', 'failed', 'stopped')`)
        .execute();
      // ListTriggerLog by trigger name, with and without a repository (ties in firing order).
      await db.schema.createIndex('trigger_logs_account_id_repository_trigger_name_idx').on('trigger_logs')
        .columns(['account_id', 'repository', 'trigger_name', 'seq']).execute();
      await db.schema.createIndex('trigger_logs_account_id_trigger_name_idx').on('trigger_logs')
        .columns(['account_id', 'trigger_name', 'invoked_at', 'id']).execute();
      // Firing time across the account (3.0 without RepoName; native list and its time window).
      await db.schema.createIndex('trigger_logs_account_id_page_idx').on('trigger_logs')
        .columns(['account_id', 'invoked_at', 'id']).execute();
      // Native list filtered by repository or by trigger.
      await db.schema.createIndex('trigger_logs_account_id_repository_page_idx').on('trigger_logs')
        .columns(['account_id', 'repository', 'invoked_at', 'id']).execute();
      await db.schema.createIndex('trigger_logs_account_id_trigger_id_page_idx').on('trigger_logs')
        .columns(['account_id', 'trigger_id', 'invoked_at', 'id']).execute();
      // The settler's scan: few rows are pending at any time.
      await db.schema.createIndex('trigger_logs_pending_idx').on('trigger_logs').columns(['account_id', 'invoked_at'])
        .where(sql.ref('status'), '=', 'pending').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['trigger_logs', 'trigger_log_heads', 'image_triggers']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
