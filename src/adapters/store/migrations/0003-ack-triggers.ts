import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Trigger URLs (ACK application triggers) and the per-account ACK id sequence.
 *
 * A trigger belongs to a cluster and, for `type = application`, to an application; both foreign keys cascade, so
 * deleting the cluster or the application deletes (and so revokes) its triggers. Deploy records keep the trigger
 * id as a plain column (history survives the trigger). Tokens are not stored: only `jti`, which is useless without
 * the server's signing key. Naming follows 0001: `<table>_pkey`, `<table>_<cols>_key`.
 */
export function ackTriggers(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('trigger_ack_ids')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('last_ack_id', int8, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('triggers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('cluster_id', 'text', (c) => c.notNull())
        .addColumn('ack_id', int8, (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('namespace', 'text', (c) => c.notNull())
        .addColumn('target_name', 'text', (c) => c.notNull())
        .addColumn('application_id', 'text', (c) => c.references('applications.id').onDelete('cascade'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('jti', 'text', (c) => c.notNull())
        .addColumn('require_signature', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rate_limit_per_minute', 'integer')
        .addColumn('created_by_token_id', 'text')
        .addColumn('created_by_name', 'text')
        // Not a foreign key: deploy_records is 0002's, and history rows never block or cascade a trigger.
        .addColumn('last_redeploy_record_id', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('triggers_account_id_ack_id_key', ['account_id', 'ack_id'])
        .addUniqueConstraint('triggers_jti_key', ['jti'])
        .addForeignKeyConstraint('triggers_cluster_fkey', ['account_id', 'cluster_id'], 'clusters', ['account_id', 'id'], (fk) => fk.onDelete('cascade'))
        .addCheckConstraint('triggers_type_check', sql`type in ('deployment', 'application')`)
        .addCheckConstraint('triggers_action_check', sql`action in ('redeploy')`)
        .addCheckConstraint('triggers_application_check', sql`(type = 'application') = (application_id is not null)`)
        .execute();
      // Native list (newest first, per account and per cluster) and DescribeTrigger (cluster + namespace + name).
      await db.schema.createIndex('triggers_account_id_page_idx').on('triggers').columns(['account_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('triggers_account_id_cluster_id_page_idx').on('triggers')
        .columns(['account_id', 'cluster_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('triggers_cluster_id_namespace_target_name_idx').on('triggers')
        .columns(['cluster_id', 'namespace', 'target_name']).execute();
      // Foreign-key side of the application cascade.
      await db.schema.createIndex('triggers_application_id_idx').on('triggers').column('application_id').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('triggers').execute();
      await db.schema.dropTable('trigger_ack_ids').execute();
    },
  };
}
