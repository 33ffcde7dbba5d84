import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import type { DialectName } from '../sql-dialect.ts';

/**
 * The no-downgrade guard of image triggers (domain/downgrade-guard.ts): `image_triggers.allow_downgrade`, 0/1.
 *
 * Triggers that exist before this migration get 1 (downgrades allowed): they were written when every match was
 * deployed, some through the Tencent surfaces whose semantics are exactly that, and the store cannot tell which
 * ones; upgrading must not change what an existing trigger does. New native triggers are written with 0 by the
 * use case (create-image-trigger.ts), so the column default only speaks for the old rows.
 */
export function imageTriggerDowngradeGuard(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('image_triggers')
        .addColumn('allow_downgrade', 'integer', (c) => c.notNull().defaultTo(1).check(sql`allow_downgrade in (0, 1)`))
        .execute();
    },

    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('image_triggers').dropColumn('allow_downgrade').execute();
    },
  };
}
