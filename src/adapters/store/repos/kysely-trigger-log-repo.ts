import { sql, type Kysely, type Selectable } from 'kysely';
import type { TriggerLogListQuery, TriggerLogRepo, TriggerLogWindowQuery, Window } from '../../../app/ports/image-trigger-repos.ts';
import type { Page } from '../../../app/ports/store.ts';
import type { InvokeMethod } from '../../../domain/image-trigger-condition.ts';
import type { TriggerLog, TriggerLogStatus } from '../../../domain/image-trigger-log.ts';
import type { WorkloadKind } from '../../../domain/workload.ts';
import { fetchSize } from '../page-cursor.ts';
import { decodeTriggerLogCursor, encodeTriggerLogCursor } from '../trigger-log-cursor.ts';
import type { Database, TriggerLogsTable } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { pruneBatchSize } from './prune-support.ts';
import { affected, atomically, type RepoContext } from './repo-context.ts';

type TriggerLogRow = Selectable<TriggerLogsTable>;

/**
 * The firing log of migration 0005. `append` takes the repository's next position from `trigger_log_heads` in the
 * caller's transaction; `window` turns ListTriggerLog's offset into a position range when ordering by firing time,
 * so any page of a repository's log costs one index probe plus the page.
 */
export class KyselyTriggerLogRepo implements TriggerLogRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  findFiring(accountId: string, eventId: string, triggerId: string): Promise<TriggerLog | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('trigger_logs').selectAll()
        .where('event_id', '=', eventId).where('trigger_id', '=', triggerId).where('account_id', '=', accountId)
        .executeTakeFirst();
      return row ? toLog(row) : null;
    });
  }

  /**
   * Two statements: an upsert of the head (the first firing of a repository inserts position 1; later ones add 1
   * and keep `last_invoked_at` from going backwards), then the row. On PostgreSQL the head's row lock serializes
   * firings of one repository until their transactions end, so positions are handed out in commit order without
   * gaps; a rolled-back firing takes its increment with it.
   */
  append(log: TriggerLog): Promise<TriggerLog> {
    const run = async (): Promise<TriggerLog> => {
      const head = await this.#ctx.db.insertInto('trigger_log_heads')
        .values({ account_id: log.accountId, repository: log.repository, first_seq: 1, last_seq: 1, last_invoked_at: log.invokedAt })
        .onConflict((oc) => oc.columns(['account_id', 'repository']).doUpdateSet({
          last_seq: sql<number>`trigger_log_heads.last_seq + 1`,
          last_invoked_at: sql<number>`case when trigger_log_heads.last_invoked_at > excluded.last_invoked_at then trigger_log_heads.last_invoked_at else excluded.last_invoked_at end`,
        }))
        .returning(['last_seq', 'last_invoked_at'])
        .executeTakeFirstOrThrow();
      const stored: TriggerLog = { ...log, invokedAt: Number(head.last_invoked_at) };
      await this.#ctx.db.insertInto('trigger_logs').values(toRow(stored, Number(head.last_seq))).execute();
      return stored;
    };
    return guarded(this.#ctx.dialect, run, {
      unique: () => ({ code: 'ID_TAKEN', detail: `Trigger ${log.triggerId} already fired for registry event ${log.eventId}.` }),
    });
  }

  get(accountId: string, id: string): Promise<TriggerLog | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('trigger_logs').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toLog(row) : null;
    });
  }

  async list(accountId: string, query: TriggerLogListQuery): Promise<Page<TriggerLog>> {
    const order = query.order ?? 'desc';
    const orderBy = query.orderBy ?? 'invoke_time';
    const after = decodeTriggerLogCursor(query.cursor, orderBy, order);
    // Every ordering is served by an index: (account_id, invoked_at, id), (account_id, trigger_name, invoked_at, id),
    // (account_id, repository, invoked_at, id); the keyset continues strictly after the last row in that order.
    const key = orderBy === 'trigger_name' ? 'trigger_name' : orderBy === 'repo_name' ? 'repository' : null;
    const past = sql.raw(order === 'desc' ? '<' : '>');
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('trigger_logs').selectAll().where('account_id', '=', accountId);
      if (query.repository !== undefined) q = q.where('repository', '=', query.repository);
      if (query.triggerId !== undefined) q = q.where('trigger_id', '=', query.triggerId);
      if (query.status !== undefined) q = q.where('status', '=', query.status);
      if (query.from !== undefined) q = q.where('invoked_at', '>=', query.from);
      if (query.to !== undefined) q = q.where('invoked_at', '<=', query.to);
      if (after && key === null) q = q.where(sql<boolean>`(invoked_at, id) ${past} (${after.invokedAt}, ${after.id})`);
      if (after && key !== null) q = q.where(sql<boolean>`(${sql.ref(key)}, invoked_at, id) ${past} (${after.key}, ${after.invokedAt}, ${after.id})`);
      if (key !== null) q = q.orderBy(key, order);
      const rows = await q.orderBy('invoked_at', order).orderBy('id', order).limit(fetchSize(query.limit)).execute();
      const size = fetchSize(query.limit) - 1;
      const last = rows.length > size ? rows[size - 1] : undefined;
      const nextCursor = last === undefined ? null
        : encodeTriggerLogCursor(orderBy, order, { key: key === null ? null : last[key], invokedAt: Number(last.invoked_at), id: last.id });
      return { items: rows.slice(0, size).map(toLog), nextCursor };
    });
  }

  window(accountId: string, query: TriggerLogWindowQuery): Promise<Window<TriggerLog>> {
    return guarded(this.#ctx.dialect, () => (query.repository === undefined ? this.#accountWindow(accountId, query) : this.#repositoryWindow(accountId, query.repository, query)));
  }

  async #repositoryWindow(accountId: string, repository: string, query: TriggerLogWindowQuery): Promise<Window<TriggerLog>> {
    const { db } = this.#ctx;
    const head = await db.selectFrom('trigger_log_heads').select(['first_seq', 'last_seq'])
      .where('account_id', '=', accountId).where('repository', '=', repository).executeTakeFirst();
    if (!head) return { items: [], total: 0 };
    const first = Number(head.first_seq);
    const last = Number(head.last_seq);
    const total = last - first + 1;
    if (query.offset >= total || query.limit <= 0) return { items: [], total };
    const base = db.selectFrom('trigger_logs').selectAll().where('account_id', '=', accountId).where('repository', '=', repository);
    const dir = query.order;
    let rows: TriggerLogRow[];
    if (query.orderBy === 'trigger_name') {
      rows = await base.orderBy('trigger_name', dir).orderBy('seq', dir).limit(query.limit).offset(query.offset).execute();
    } else if (dir === 'desc') {
      // Firing time (and repository name, constant here) is position order: offset k is position last - k.
      rows = await base.where('seq', '<=', last - query.offset).orderBy('seq', 'desc').limit(query.limit).execute();
    } else {
      rows = await base.where('seq', '>=', first + query.offset).orderBy('seq', 'asc').limit(query.limit).execute();
    }
    return { items: rows.map(toLog), total };
  }

  async #accountWindow(accountId: string, query: TriggerLogWindowQuery): Promise<Window<TriggerLog>> {
    const { db } = this.#ctx;
    const counted = await db.selectFrom('trigger_log_heads')
      .select(sql<number | string | null>`sum(last_seq - first_seq + 1)`.as('total'))
      .where('account_id', '=', accountId).executeTakeFirst();
    const total = Number(counted?.total ?? 0);
    if (query.offset >= total || query.limit <= 0) return { items: [], total };
    const dir = query.order;
    const base = db.selectFrom('trigger_logs').selectAll().where('account_id', '=', accountId);
    const ordered =
      query.orderBy === 'trigger_name' ? base.orderBy('trigger_name', dir).orderBy('invoked_at', dir).orderBy('id', dir)
      : query.orderBy === 'repo_name' ? base.orderBy('repository', dir).orderBy('seq', dir)
      : base.orderBy('invoked_at', dir).orderBy('id', dir);
    const rows = await ordered.limit(query.limit).offset(query.offset).execute();
    return { items: rows.map(toLog), total };
  }

  pending(accountId: string, limit: number): Promise<TriggerLog[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('trigger_logs').selectAll()
        .where('account_id', '=', accountId).where('status', '=', 'pending')
        .orderBy('invoked_at', 'asc').limit(limit).execute();
      return rows.map(toLog);
    });
  }

  settle(accountId: string, id: string, status: Exclude<TriggerLogStatus, 'pending'>, message: string | null): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.updateTable('trigger_logs').set({ status, message })
        .where('account_id', '=', accountId).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      return affected(result) > 0;
    });
  }

  /**
   * One retention batch, in one transaction, keeping migration 0005's invariant: per repository, positions
   * `first_seq..last_seq` are exactly the rows there are. A repository loses a prefix of its positions — from
   * `first_seq` up to its first firing not older than `invokedBefore` — and `first_seq` moves past it in the same
   * transaction, so `window` keeps finding offset k at `last_seq - k` and its total as `last_seq - first_seq + 1`.
   * (append never lets `invoked_at` go backwards within a repository, so "older" is a prefix anyway; stopping at
   * the first newer row keeps that true even if it did not hold.) A repository pruned empty keeps its head with
   * `first_seq = last_seq + 1`: total 0, and the next firing takes `last_seq + 1`, right where the log resumes.
   * Pending rows go like settled ones: their deploy record, which is what the settler reads, is never pruned.
   */
  prune(invokedBefore: number, limit: number): Promise<number> {
    const size = pruneBatchSize(limit);
    const { db } = this.#ctx;
    return guarded(this.#ctx.dialect, () =>
      atomically(db, (trx) => prunePrefixes(trx, invokedBefore, size)));
  }
}

async function prunePrefixes(db: Kysely<Database>, invokedBefore: number, size: number): Promise<number> {
  // Repositories whose oldest firing is old (each has at least one row to go, so `size` heads are enough), in key
  // order, so two pruners would lock heads in the same order. One probe of the (account, repository, seq) key per head.
  const heads = await db.selectFrom('trigger_log_heads as h').select(['h.account_id', 'h.repository'])
    .whereRef('h.first_seq', '<=', 'h.last_seq')
    .where(({ exists, selectFrom }) => exists(selectFrom('trigger_logs as l').select(sql.lit(1).as('one'))
      .whereRef('l.account_id', '=', 'h.account_id').whereRef('l.repository', '=', 'h.repository').whereRef('l.seq', '=', 'h.first_seq')
      .where('l.invoked_at', '<', invokedBefore)))
    .orderBy('h.account_id').orderBy('h.repository')
    .limit(size)
    .execute();
  let deleted = 0;
  for (const { account_id: accountId, repository } of heads) {
    if (deleted >= size) break;
    // Re-read the head under its row lock (on PostgreSQL a firing of this repository, or another pruner, now waits
    // for this transaction; on SQLite BEGIN IMMEDIATE already keeps every other writer out).
    const head = await db.updateTable('trigger_log_heads').set({ first_seq: sql<number>`first_seq` })
      .where('account_id', '=', accountId).where('repository', '=', repository)
      .returning(['first_seq', 'last_seq'])
      .executeTakeFirst();
    if (!head) continue;
    const first = Number(head.first_seq);
    const budgetEnd = Math.min(first + (size - deleted), Number(head.last_seq) + 1);
    // The first position in range that stays (a range of at most the budget on the unique key).
    const kept = await db.selectFrom('trigger_logs').select((eb) => eb.fn.min('seq').as('seq'))
      .where('account_id', '=', accountId).where('repository', '=', repository)
      .where('seq', '>=', first).where('seq', '<', budgetEnd)
      .where('invoked_at', '>=', invokedBefore)
      .executeTakeFirst();
    const end = kept?.seq === null || kept?.seq === undefined ? budgetEnd : Number(kept.seq);
    if (end <= first) continue;
    const result = await db.deleteFrom('trigger_logs')
      .where('account_id', '=', accountId).where('repository', '=', repository)
      .where('seq', '>=', first).where('seq', '<', end)
      .executeTakeFirst();
    await db.updateTable('trigger_log_heads').set({ first_seq: end })
      .where('account_id', '=', accountId).where('repository', '=', repository)
      .execute();
    deleted += affected(result);
  }
  return deleted;
}

function toRow(log: TriggerLog, seq: number): TriggerLogRow {
  return {
    id: log.id,
    account_id: log.accountId,
    repository: log.repository,
    seq,
    trigger_id: log.triggerId,
    trigger_name: log.triggerName,
    event_id: log.eventId,
    tag: log.tag,
    digest: log.digest,
    image: log.image,
    condition_method: log.condition.method,
    condition_expr: log.condition.expr,
    cluster_id: log.target.clusterId,
    cluster_region: log.target.clusterRegion,
    namespace: log.target.namespace,
    workload_kind: log.target.workloadKind,
    workload_name: log.target.workloadName,
    container_name: log.target.containerName,
    record_id: log.recordId,
    status: log.status,
    message: log.message,
    invoked_at: log.invokedAt,
  };
}

function toLog(row: TriggerLogRow): TriggerLog {
  return {
    id: row.id,
    accountId: row.account_id,
    triggerId: row.trigger_id,
    triggerName: row.trigger_name,
    eventId: row.event_id,
    repository: row.repository,
    tag: row.tag,
    digest: row.digest,
    image: row.image,
    condition: { method: row.condition_method as InvokeMethod, expr: row.condition_expr },
    target: {
      clusterId: row.cluster_id,
      clusterRegion: Number(row.cluster_region),
      namespace: row.namespace,
      workloadKind: row.workload_kind as WorkloadKind,
      workloadName: row.workload_name,
      containerName: row.container_name,
    },
    recordId: row.record_id,
    status: row.status as TriggerLogStatus,
    message: row.message,
    invokedAt: Number(row.invoked_at),
  };
}
