import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * Access keys (vendor-SDK signing credentials) of API tokens.
 *
 * A key belongs to a token and is deleted with it (cascade), so revoking a token revokes its keys in the same
 * statement. `(token_id, slot)` is unique and `slot` is 1 or 2: the limit of two keys per token holds even when
 * two creations race. The secret is sealed by the SecretBox (`secret_ciphertext`); the id is public. Naming
 * follows 0001: `<table>_pkey`, `<table>_<cols>_key`.
 */
export function accessKeys(dialect: DialectName): Migration {
  const int8 = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('access_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('token_id', 'text', (c) => c.notNull().references('api_tokens.id').onDelete('cascade'))
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
        .addColumn('created_at', int8, (c) => c.notNull())
        .addColumn('last_used_at', int8)
        .addUniqueConstraint('access_keys_token_id_slot_key', ['token_id', 'slot'])
        .addCheckConstraint('access_keys_slot_check', sql`slot in (1, 2)`)
        .execute();
      // The token's keys, newest first (and the foreign-key side of the cascade).
      await db.schema.createIndex('access_keys_token_id_page_idx').on('access_keys')
        .columns(['token_id', 'created_at', 'id']).execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('access_keys').execute();
    },
  };
}
