import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Rollback quarantine (domain/image-quarantine.ts, docs/adr/0009-rollback-quarantine.md).
 *
 * `image_quarantine`: one row per (trigger, repository, subject) — the unique key is also the push matcher's
 * lookup (`subject in (digest-or-tag, tag)`, two probes per matched trigger, nothing else on the match path). The
 * trigger's list pages through `(trigger_id, created_at, id)`, which is also the foreign-key side of the cascade:
 * deleting a trigger (or its cluster) deletes its entries. Record ids are plain text, as in `trigger_logs`.
 *
 * `image_quarantine_holds`: one row per push held back from one trigger. `(event_id, trigger_id)` is unique, so a
 * match job that runs again counts a hold once; it also serves "why did this event not fire" and the cascade from
 * `registry_events`, so event retention takes the holds with it. `entry_id` is not a foreign key: a hold keeps
 * explaining its event after the entry was released. Naming follows 0001.
 */
export function imageQuarantine(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('image_quarantine')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('trigger_id', 'text', (c) => c.notNull().references('image_triggers.id').onDelete('cascade'))
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('match_by', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('digest', 'text')
        .addColumn('image', 'text')
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('rollback_record_id', 'text', (c) => c.notNull())
        .addColumn('created_by_token_id', 'text')
        .addColumn('created_by_name', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('held_count', int8, (c) => c.notNull())
        .addColumn('last_held_at', int8)
        .addColumn('last_held_event_id', 'text')
        .addUniqueConstraint('image_quarantine_account_id_trigger_id_repository_subject_key', ['account_id', 'trigger_id', 'repository', 'subject'])
        .addCheckConstraint('image_quarantine_match_by_check', sql`match_by in ('digest', 'tag')`)
        .execute();
      await db.schema.createIndex('image_quarantine_trigger_id_page_idx').on('image_quarantine')
        .columns(['trigger_id', 'created_at', 'id']).execute();

      await db.schema
        .createTable('image_quarantine_holds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('trigger_id', 'text', (c) => c.notNull().references('image_triggers.id').onDelete('cascade'))
        .addColumn('event_id', 'text', (c) => c.notNull().references('registry_events.id').onDelete('cascade'))
        .addColumn('entry_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('held_at', int8, (c) => c.notNull())
        .addUniqueConstraint('image_quarantine_holds_event_id_trigger_id_key', ['event_id', 'trigger_id'])
        .execute();
      // The foreign-key side of the trigger cascade.
      await db.schema.createIndex('image_quarantine_holds_trigger_id_idx').on('image_quarantine_holds').column('trigger_id').execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('image_quarantine_holds').execute();
      await db.schema.dropTable('image_quarantine').execute();
    },
  };
}
