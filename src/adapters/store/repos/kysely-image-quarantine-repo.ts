import type { Selectable } from 'kysely';
import type { ImageQuarantineRepo } from '../../../app/ports/image-quarantine-repo.ts';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import type { QuarantineEntry, QuarantineHold, QuarantineMatch } from '../../../domain/image-quarantine.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { ImageQuarantineHoldsTable, ImageQuarantineTable } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { affected, atomically, type RepoContext } from './repo-context.ts';

type EntryRow = Selectable<ImageQuarantineTable>;
type HoldRow = Selectable<ImageQuarantineHoldsTable>;

const MAX_EVENT_IDS = 200;

/**
 * The push matcher's lookup, once per matched trigger: compiled once per dialect, served by the
 * (account_id, trigger_id, repository, subject) unique index as two point probes. Digest entries first, then by
 * age, so the explanation names the digest when both a digest and a tag entry hold the push back.
 */
const FIND_HOLD = new PreparedQuery<[string, string, string, string, string], EntryRow>(5, (db, accountId, triggerId, repository, first, second) =>
  db.selectFrom('image_quarantine').selectAll()
    .where('account_id', '=', accountId).where('trigger_id', '=', triggerId).where('repository', '=', repository)
    .where('subject', 'in', [first, second])
    .orderBy('match_by', 'asc').orderBy('created_at', 'asc').orderBy('id', 'asc')
    .limit(1));

/** Rollback quarantine (migration 0011). Inserts are conflict-tolerant so they never abort the caller's transaction. */
export class KyselyImageQuarantineRepo implements ImageQuarantineRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(entry: QuarantineEntry): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const inserted = await this.#ctx.db.insertInto('image_quarantine').values(toRow(entry))
        .onConflict((oc) => oc.columns(['account_id', 'trigger_id', 'repository', 'subject']).doNothing())
        .returning('id').executeTakeFirst();
      return inserted !== undefined;
    }, {
      foreignKey: () => ({ code: 'RESOURCE_NOT_FOUND', detail: `Image trigger ${entry.triggerId} does not exist.` }),
    });
  }

  findHold(accountId: string, triggerId: string, repository: string, subjects: readonly [string, string]): Promise<QuarantineEntry | null> {
    return guarded(this.#ctx.dialect, async () => {
      const [row] = await FIND_HOLD.execute(this.#ctx.db, this.#ctx.dialect.name, accountId, triggerId, repository, subjects[0], subjects[1]);
      return row ? toEntry(row) : null;
    });
  }

  get(accountId: string, triggerId: string, id: string): Promise<QuarantineEntry | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('image_quarantine').selectAll()
        .where('id', '=', id).where('trigger_id', '=', triggerId).where('account_id', '=', accountId).executeTakeFirst();
      return row ? toEntry(row) : null;
    });
  }

  list(accountId: string, triggerId: string, page: PageQuery): Promise<Page<QuarantineEntry>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('image_quarantine').selectAll().where('trigger_id', '=', triggerId).where('account_id', '=', accountId);
      if (after) q = q.where(before(after));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toEntry);
    });
  }

  release(accountId: string, triggerId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('image_quarantine')
        .where('id', '=', id).where('trigger_id', '=', triggerId).where('account_id', '=', accountId).executeTakeFirst();
      return affected(result) > 0;
    });
  }

  recordHold(hold: QuarantineHold): Promise<boolean> {
    const { db } = this.#ctx;
    return guarded(this.#ctx.dialect, () => atomically(db, async (trx) => {
      const inserted = await trx.insertInto('image_quarantine_holds').values(toHoldRow(hold))
        .onConflict((oc) => oc.columns(['event_id', 'trigger_id']).doNothing())
        .returning('id').executeTakeFirst();
      if (inserted === undefined) return false;
      await trx.updateTable('image_quarantine')
        .set((eb) => ({ held_count: eb('held_count', '+', 1), last_held_at: hold.heldAt, last_held_event_id: hold.eventId }))
        .where('id', '=', hold.entryId).where('account_id', '=', hold.accountId).execute();
      return true;
    }), {
      foreignKey: () => ({ code: 'REGISTRY_EVENT_NOT_FOUND', detail: `Registry event ${hold.eventId} (or image trigger ${hold.triggerId}) does not exist.` }),
    });
  }

  holdsForEvents(accountId: string, eventIds: readonly string[]): Promise<QuarantineHold[]> {
    if (eventIds.length === 0) return Promise.resolve([]);
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('image_quarantine_holds').selectAll()
        .where('event_id', 'in', eventIds.slice(0, MAX_EVENT_IDS)).where('account_id', '=', accountId)
        .orderBy('held_at', 'asc').orderBy('id', 'asc').execute();
      return rows.map(toHold);
    });
  }
}

function toRow(entry: QuarantineEntry): EntryRow {
  return {
    id: entry.id,
    account_id: entry.accountId,
    trigger_id: entry.triggerId,
    repository: entry.repository,
    match_by: entry.matchBy,
    subject: entry.subject,
    tag: entry.tag,
    digest: entry.digest,
    image: entry.image,
    record_id: entry.recordId,
    rollback_record_id: entry.rollbackRecordId,
    created_by_token_id: entry.createdBy?.tokenId ?? null,
    created_by_name: entry.createdBy?.name ?? null,
    created_at: entry.createdAt,
    held_count: entry.heldCount,
    last_held_at: entry.lastHeldAt,
    last_held_event_id: entry.lastHeldEventId,
  };
}

function toEntry(row: EntryRow): QuarantineEntry {
  return {
    id: row.id,
    accountId: row.account_id,
    triggerId: row.trigger_id,
    repository: row.repository,
    matchBy: row.match_by as QuarantineMatch,
    subject: row.subject,
    tag: row.tag,
    digest: row.digest,
    image: row.image,
    recordId: row.record_id,
    rollbackRecordId: row.rollback_record_id,
    createdBy: row.created_by_token_id === null ? null : { tokenId: row.created_by_token_id, name: row.created_by_name ?? '' },
    createdAt: Number(row.created_at),
    heldCount: Number(row.held_count),
    lastHeldAt: row.last_held_at === null ? null : Number(row.last_held_at),
    lastHeldEventId: row.last_held_event_id,
  };
}

function toHoldRow(hold: QuarantineHold): HoldRow {
  return {
    id: hold.id,
    account_id: hold.accountId,
    trigger_id: hold.triggerId,
    event_id: hold.eventId,
    entry_id: hold.entryId,
    subject: hold.subject,
    message: hold.message,
    held_at: hold.heldAt,
  };
}

function toHold(row: HoldRow): QuarantineHold {
  return {
    id: row.id,
    accountId: row.account_id,
    triggerId: row.trigger_id,
    eventId: row.event_id,
    entryId: row.entry_id,
    subject: row.subject,
    message: row.message,
    heldAt: Number(row.held_at),
  };
}
