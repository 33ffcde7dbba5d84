import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Notification channels and their delivery attempts (domain/notification-channel.ts).
 *
 * The URL and the signing secret are sealed by the SecretBox (`url_ciphertext`, `secret_ciphertext`); `url_display`
 * is the shown form. The filter is four nullable columns rather than JSON so the finish path reads plain values.
 * `events` is a JSON array. The finish path reads the enabled channels of one account through the page index
 * (`account_id` is its first column; an account has few channels).
 *
 * Deliveries are deleted with their channel (cascade). The record id is not a foreign key: a test message has
 * none, and the attempt log is a log. Naming follows 0001: `<table>_pkey`, `<table>_<cols>_key`, `_check`, `_idx`.
 */
export function notificationChannels(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('notification_channels')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url_ciphertext', 'text', (c) => c.notNull())
        .addColumn('url_display', 'text', (c) => c.notNull())
        .addColumn('events', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('filter_origin', 'text')
        .addColumn('filter_task_id', 'text')
        .addColumn('filter_trigger_id', 'text')
        .addColumn('filter_cluster_id', 'text')
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('notification_channels_account_id_name_key', ['account_id', 'name'])
        .addCheckConstraint('notification_channels_format_check', sql`format in ('json', 'slack')`)
        .addCheckConstraint('notification_channels_enabled_check', sql`enabled in (0, 1)`)
        .execute();
      await db.schema.createIndex('notification_channels_account_id_page_idx').on('notification_channels')
        .columns(['account_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('notification_deliveries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('channel_id', 'text', (c) => c.notNull().references('notification_channels.id').onDelete('cascade'))
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text')
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('error', 'text')
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        .addCheckConstraint('notification_deliveries_outcome_check', sql`outcome in ('delivered', 'retrying', 'failed', 'skipped')`)
        .execute();
      // The channel's attempts, newest first (and the foreign-key side of the cascade).
      await db.schema.createIndex('notification_deliveries_channel_id_page_idx').on('notification_deliveries')
        .columns(['channel_id', 'created_at', 'id']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('notification_deliveries').execute();
      await db.schema.dropTable('notification_channels').execute();
    },
  };
}
