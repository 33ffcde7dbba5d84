import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Registry push ingestion: webhook receivers, accepted push events with their two dedupe rules, and polled
 * repositories.
 *
 * Dedupe (protocols-reliability.md D1, D3a), enforced by constraints so it holds across replicas:
 * - transport: `registry_events_account_id_dedupe_key_key` (UNIQUE (account_id, dedupe_key); NULL keys never collide);
 * - semantic: `registry_tag_heads`, one row per (account, repository, tag) holding the digest the tag last pointed
 *   at; an event is a duplicate when the head already holds its digest. Untagged pushes use tag '' (no real tag is
 *   empty). Events without a digest do not touch the heads.
 *
 * Secrets (receiver secrets, registry credentials) are secret-box ciphertext. Events keep the receiver or watch id
 * as a plain column, so history survives deleting them. Naming follows 0001: `<table>_pkey`, `<table>_<cols>_key`.
 */
export function registryEvents(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('registry_receivers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('secret_ciphertext', 'text')
        .addColumn('registry_host', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addUniqueConstraint('registry_receivers_account_id_name_key', ['account_id', 'name'])
        .execute();
      await pageIndex(db, 'registry_receivers', ['account_id']);

      await db.schema
        .createTable('registry_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('dedupe_key', 'text')
        .addColumn('registry_host', 'text')
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('tag', 'text')
        .addColumn('digest', 'text')
        .addColumn('media_type', 'text')
        .addColumn('pushed_at', int8)
        .addColumn('actor', 'text')
        // receivedAt; named created_at so the shared keyset pagination applies.
        .addColumn('created_at', int8, (c) => c.notNull())
        .addUniqueConstraint('registry_events_account_id_dedupe_key_key', ['account_id', 'dedupe_key'])
        .addCheckConstraint('registry_events_source_check', sql`source in ('webhook', 'poll')`)
        .execute();
      await pageIndex(db, 'registry_events', ['account_id']);
      await pageIndex(db, 'registry_events', ['account_id', 'repository']);

      await db.schema
        .createTable('registry_tag_heads')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('tag', 'text', (c) => c.notNull())
        .addColumn('digest', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addPrimaryKeyConstraint('registry_tag_heads_pkey', ['account_id', 'repository', 'tag'])
        .execute();

      await db.schema
        .createTable('watched_repositories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('registry_url', 'text', (c) => c.notNull())
        .addColumn('registry_host', 'text', (c) => c.notNull())
        .addColumn('repository', 'text', (c) => c.notNull())
        .addColumn('tag_pattern', 'text')
        .addColumn('interval_seconds', 'integer', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull())
        .addColumn('credentials_ciphertext', 'text')
        // JSON object tag → digest; null until the first successful poll (the baseline).
        .addColumn('tag_state', 'text')
        .addColumn('last_polled_at', int8)
        .addColumn('last_error', 'text')
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('updated_at', int8, (c) => c.notNull())
        .addUniqueConstraint('watched_repositories_account_id_name_key', ['account_id', 'name'])
        .addCheckConstraint('watched_repositories_enabled_check', sql`enabled in (0, 1)`)
        .execute();
      await pageIndex(db, 'watched_repositories', ['account_id']);
    },

    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['watched_repositories', 'registry_tag_heads', 'registry_events', 'registry_receivers']) {
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
