import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * The audit log (domain/audit-event.ts): one row per recorded API call, append-only.
 *
 * No foreign key to the token: an entry outlives the token it names (revoking a token must not erase what it did),
 * so the token's id and name are copied. The account is a foreign key like everywhere else. Every listing is newest
 * first within one account, so each index is `(account_id, <filter>, at, id)`: the page index serves the unfiltered
 * list, the since/until window and retention (which walks accounts, then the oldest rows of each); the actor, target
 * and action indexes serve the filters an operator asks most ("what did this token do", "who touched this").
 * Route and outcome filters ride the page index. Naming follows 0001: `<table>_pkey`, `<table>_<cols>_check`.
 */
export function auditEvents(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('at', int8, (c) => c.notNull())
        .addColumn('actor_kind', 'text')
        .addColumn('actor_token_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('actor_access_key_id', 'text')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('error_code', 'text')
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('source_ip', 'text')
        .addCheckConstraint('audit_events_outcome_check', sql`outcome in ('succeeded', 'denied', 'failed')`)
        .addCheckConstraint('audit_events_actor_check', sql`(actor_kind is null and actor_token_id is null)
          or (actor_kind = 'token' and actor_token_id is not null and actor_access_key_id is null)
          or (actor_kind = 'access-key' and actor_token_id is not null and actor_access_key_id is not null)`)
        .execute();
      await db.schema.createIndex('audit_events_account_id_page_idx').on('audit_events')
        .columns(['account_id', 'at', 'id']).execute();
      await db.schema.createIndex('audit_events_actor_page_idx').on('audit_events')
        .columns(['account_id', 'actor_token_id', 'at', 'id']).execute();
      await db.schema.createIndex('audit_events_target_page_idx').on('audit_events')
        .columns(['account_id', 'target', 'at', 'id']).execute();
      await db.schema.createIndex('audit_events_action_page_idx').on('audit_events')
        .columns(['account_id', 'action', 'at', 'id']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('audit_events').execute();
    },
  };
}
