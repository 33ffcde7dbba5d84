import { sql } from 'kysely';
import type { Page, TriggerListQuery, TriggerRepo } from '../../../app/ports/store.ts';
import type { RecordState } from '../../../domain/deploy-record.ts';
import type { Trigger, TriggerAction, TriggerType } from '../../../domain/trigger.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { TriggerRow } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

// The public hook's lookup, once per trigger call: compiled once instead of per call. A scalar subquery reads the
// state of the trigger's newest redeploy record (deploy_records, migration 0002) by primary key in the same
// statement (on SQLite several times cheaper than the equivalent LEFT JOIN).
const forCall = new PreparedQuery(1, (db, jti: string) => db
  .selectFrom('triggers')
  .selectAll('triggers')
  .select((eb) => eb.selectFrom('deploy_records').select('deploy_records.state')
    .whereRef('deploy_records.id', '=', 'triggers.last_redeploy_record_id').as('last_redeploy_state'))
  .where('triggers.jti', '=', jti));

// The redeploy pointer's compare-and-set, once per call that starts a redeploy: two fixed shapes (`is null` cannot
// take a parameter), each compiled once. `returning` reports whether the row matched.
const claimFromNone = new PreparedQuery(2, (db, next: string, id: string) => db
  .updateTable('triggers').set({ last_redeploy_record_id: next })
  .where('id', '=', id).where('last_redeploy_record_id', 'is', null)
  .returning('id'));
const claimFrom = new PreparedQuery(3, (db, next: string, id: string, expected: string) => db
  .updateTable('triggers').set({ last_redeploy_record_id: next })
  .where('id', '=', id).where('last_redeploy_record_id', '=', expected)
  .returning('id'));

export class KyselyTriggerRepo implements TriggerRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /**
   * One upsert: the first call for an account inserts 1, later ones add 1 and return the new value. On PostgreSQL
   * the row lock serializes concurrent creators until their transactions end, so two never get the same id.
   */
  nextAckId(accountId: string): Promise<number> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db
        .insertInto('trigger_ack_ids')
        .values({ account_id: accountId, last_ack_id: 1 })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ last_ack_id: sql<number>`trigger_ack_ids.last_ack_id + 1` }))
        .returning('last_ack_id')
        .executeTakeFirstOrThrow();
      return Number(row.last_ack_id);
    });
  }

  insert(trigger: Trigger): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('triggers').values(toRow(trigger)).execute();
    };
    return guarded(this.#ctx.dialect, run, {
      unique: () => ({ code: 'ID_TAKEN', detail: `Trigger ${trigger.id} (ACK id ${trigger.ackId}) already exists.` }),
      // Both foreign keys are checked by the use case first; a violation here means one was deleted meanwhile.
      foreignKey: () =>
        trigger.applicationId === null
          ? { code: 'CLUSTER_NOT_FOUND', detail: `Cluster ${trigger.clusterId} does not exist.` }
          : { code: 'APPLICATION_NOT_FOUND', detail: `Application ${trigger.applicationId} of cluster ${trigger.clusterId} does not exist.` },
    });
  }

  get(accountId: string, id: string): Promise<Trigger | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('triggers').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toTrigger(row) : null;
    });
  }

  getByAckId(accountId: string, ackId: number): Promise<Trigger | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('triggers').selectAll()
        .where('account_id', '=', accountId).where('ack_id', '=', ackId).executeTakeFirst();
      return row ? toTrigger(row) : null;
    });
  }

  findByJti(jti: string): Promise<Trigger | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('triggers').selectAll().where('jti', '=', jti).executeTakeFirst();
      return row ? toTrigger(row) : null;
    });
  }

  findForCall(jti: string): Promise<{ trigger: Trigger; lastRedeployState: RecordState | null } | null> {
    return guarded(this.#ctx.dialect, async () => {
      const [row] = await forCall.execute(this.#ctx.db, this.#ctx.dialect.name, jti);
      if (!row) return null;
      const { last_redeploy_state: state, ...trigger } = row;
      return { trigger: toTrigger(trigger), lastRedeployState: (state ?? null) as RecordState | null };
    });
  }

  async list(accountId: string, query: TriggerListQuery): Promise<Page<Trigger>> {
    const after = decodeCursor(query.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('triggers').selectAll().where('account_id', '=', accountId);
      if (query.clusterId !== undefined) q = q.where('cluster_id', '=', query.clusterId);
      if (query.namespace !== undefined) q = q.where('namespace', '=', query.namespace);
      if (query.targetName !== undefined) q = q.where('target_name', '=', query.targetName);
      if (query.type !== undefined) q = q.where('type', '=', query.type);
      if (after) q = q.where(before(after));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(query.limit)).execute();
      return toPage(rows, query.limit, toTrigger);
    });
  }

  update(
    accountId: string,
    id: string,
    change: { readonly requireSignature?: boolean; readonly rateLimitPerMinute?: number | null; readonly updatedAt: number },
  ): Promise<Trigger | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db
        .updateTable('triggers')
        .set({
          updated_at: change.updatedAt,
          ...(change.requireSignature !== undefined ? { require_signature: change.requireSignature ? 1 : 0 } : {}),
          ...(change.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: change.rateLimitPerMinute } : {}),
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toTrigger(row) : null;
    });
  }

  claimRedeploy(id: string, expected: string | null, next: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const { db, dialect } = this.#ctx;
      const moved = expected === null
        ? await claimFromNone.execute(db, dialect.name, next, id)
        : await claimFrom.execute(db, dialect.name, next, id, expected);
      return moved.length === 1;
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('triggers').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    });
  }
}

function toRow(t: Trigger): TriggerRow {
  return {
    id: t.id,
    account_id: t.accountId,
    cluster_id: t.clusterId,
    ack_id: t.ackId,
    name: t.name,
    type: t.type,
    namespace: t.namespace,
    target_name: t.targetName,
    application_id: t.applicationId,
    action: t.action,
    jti: t.jti,
    require_signature: t.requireSignature ? 1 : 0,
    rate_limit_per_minute: t.rateLimitPerMinute,
    created_by_token_id: t.createdBy?.tokenId ?? null,
    created_by_name: t.createdBy?.name ?? null,
    last_redeploy_record_id: t.lastRedeployRecordId,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

function toTrigger(row: TriggerRow): Trigger {
  return {
    id: row.id,
    accountId: row.account_id,
    clusterId: row.cluster_id,
    ackId: Number(row.ack_id),
    name: row.name,
    type: row.type as TriggerType,
    namespace: row.namespace,
    targetName: row.target_name,
    applicationId: row.application_id,
    action: row.action as TriggerAction,
    jti: row.jti,
    requireSignature: Number(row.require_signature) === 1,
    rateLimitPerMinute: row.rate_limit_per_minute === null ? null : Number(row.rate_limit_per_minute),
    createdBy: row.created_by_token_id === null ? null : { tokenId: row.created_by_token_id, name: row.created_by_name ?? '' },
    lastRedeployRecordId: row.last_redeploy_record_id,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
