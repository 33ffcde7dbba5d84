import { sql, type Kysely, type SqlBool } from 'kysely';
import type { AuditEventListQuery, AuditLogRepo } from '../../../app/ports/audit-log.ts';
import type { Page } from '../../../app/ports/store.ts';
import type { AuditActor, AuditActorKind, AuditEvent, AuditOutcome } from '../../../domain/audit-event.ts';
import { decodeCursor, fetchSize, toPageBy } from '../page-cursor.ts';
import type { AuditEventRow, Database } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { nextAccountId, pruneBatchSize } from './prune-support.ts';
import { affected, atomically, type RepoContext } from './repo-context.ts';

/**
 * The audit log of migration 0009. Insert, list and retention only: the port has no update and no delete of one
 * entry, and nothing here writes to a row once it exists.
 */
export class KyselyAuditLogRepo implements AuditLogRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  append(event: AuditEvent): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('audit_events').values(toRow(event)).execute();
    }, {
      unique: () => ({ code: 'ID_TAKEN', detail: `Audit event ${event.id} already exists.` }),
      foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${event.accountId} does not exist.` }),
    });
  }

  list(accountId: string, query: AuditEventListQuery): Promise<Page<AuditEvent>> {
    const after = decodeCursor(query.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('audit_events').selectAll().where('account_id', '=', accountId);
      if (query.actorTokenId !== undefined) q = q.where('actor_token_id', '=', query.actorTokenId);
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.route !== undefined) q = q.where('route', '=', query.route);
      if (query.target !== undefined) q = q.where('target', '=', query.target);
      if (query.outcome !== undefined) q = q.where('outcome', '=', query.outcome);
      if (query.since !== undefined) q = q.where('at', '>=', query.since);
      if (query.until !== undefined) q = q.where('at', '<=', query.until);
      if (after) q = q.where(sql<SqlBool>`(at, id) < (${after.createdAt}, ${after.id})`);
      const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(fetchSize(query.limit)).execute();
      return toPageBy(rows, query.limit, toEvent, (row) => row.at);
    });
  }

  prune(before: number, limit: number): Promise<number> {
    const size = pruneBatchSize(limit);
    const { db } = this.#ctx;
    return guarded(this.#ctx.dialect, () => atomically(db, (trx) => pruneBatch(trx, before, size)));
  }
}

/** Each account's oldest entries before the cutoff, by a range on its `(account_id, at, id)` index, until `size`. */
async function pruneBatch(db: Kysely<Database>, before: number, size: number): Promise<number> {
  const ids: string[] = [];
  for (let account = await nextAccountId(db, 'audit_events', null); account !== null && ids.length < size; account = await nextAccountId(db, 'audit_events', account)) {
    const rows = await db.selectFrom('audit_events').select('id')
      .where('account_id', '=', account).where('at', '<', before)
      .orderBy('at').orderBy('id')
      .limit(size - ids.length)
      .execute();
    for (const row of rows) ids.push(row.id);
  }
  if (ids.length === 0) return 0;
  return affected(await db.deleteFrom('audit_events').where('id', 'in', ids).executeTakeFirst());
}

function toRow(event: AuditEvent): AuditEventRow {
  return {
    id: event.id,
    account_id: event.accountId,
    at: event.at,
    actor_kind: event.actor?.kind ?? null,
    actor_token_id: event.actor?.tokenId ?? null,
    actor_name: event.actor?.tokenName ?? null,
    actor_access_key_id: event.actor?.accessKeyId ?? null,
    method: event.method,
    route: event.route,
    action: event.action,
    target: event.target,
    status: event.status,
    outcome: event.outcome,
    error_code: event.errorCode,
    request_id: event.requestId,
    source_ip: event.sourceIp,
  };
}

function toEvent(row: AuditEventRow): AuditEvent {
  const actor: AuditActor | null = row.actor_kind === null || row.actor_token_id === null ? null : {
    kind: row.actor_kind as AuditActorKind,
    tokenId: row.actor_token_id,
    tokenName: row.actor_name ?? '',
    accessKeyId: row.actor_access_key_id,
  };
  return {
    id: row.id,
    accountId: row.account_id,
    at: Number(row.at),
    actor,
    method: row.method,
    route: row.route,
    action: row.action,
    target: row.target,
    status: Number(row.status),
    outcome: row.outcome as AuditOutcome,
    errorCode: row.error_code,
    requestId: row.request_id,
    sourceIp: row.source_ip,
  };
}
