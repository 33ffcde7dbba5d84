import type { Selectable } from 'kysely';
import type { ImageTriggerListQuery, ImageTriggerRepo, ImageTriggerWindowQuery, Window } from '../../../app/ports/image-trigger-repos.ts';
import type { Page } from '../../../app/ports/store.ts';
import { notFound } from '../../../domain/errors.ts';
import type { ImageTrigger } from '../../../domain/image-trigger.ts';
import type { InvokeMethod } from '../../../domain/image-trigger-condition.ts';
import type { WorkloadKind } from '../../../domain/workload.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { ImageTriggersTable } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

type ImageTriggerRow = Selectable<ImageTriggersTable>;

/** The push matcher's read: compiled once per dialect, served by image_triggers_account_id_repository_page_idx. */
const FOR_REPOSITORY = new PreparedQuery<[string, string], ImageTriggerRow>(2, (db, accountId, repository) =>
  db.selectFrom('image_triggers').selectAll()
    .where('account_id', '=', accountId).where('repository', '=', repository)
    .orderBy('created_at', 'asc').orderBy('id', 'asc'));

export class KyselyImageTriggerRepo implements ImageTriggerRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(trigger: ImageTrigger): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('image_triggers').values(toRow(trigger)).execute();
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(trigger));
  }

  update(trigger: ImageTrigger): Promise<void> {
    const run = async (): Promise<void> => {
      const { id: _id, account_id: _account, created_at: _created, created_by_token_id: _by, created_by_name: _byName, ...changes } = toRow(trigger);
      const result = await this.#ctx.db.updateTable('image_triggers').set(changes)
        .where('account_id', '=', trigger.accountId).where('id', '=', trigger.id).executeTakeFirst();
      if (affected(result) === 0) throw notFound('RESOURCE_NOT_FOUND', 'Image trigger', trigger.id);
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(trigger));
  }

  get(accountId: string, id: string): Promise<ImageTrigger | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('image_triggers').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toImageTrigger(row) : null;
    });
  }

  getByName(accountId: string, name: string): Promise<ImageTrigger | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('image_triggers').selectAll()
        .where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
      return row ? toImageTrigger(row) : null;
    });
  }

  forRepository(accountId: string, repository: string): Promise<ImageTrigger[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await FOR_REPOSITORY.execute(this.#ctx.db, this.#ctx.dialect.name, accountId, repository);
      return rows.map(toImageTrigger);
    });
  }

  async list(accountId: string, query: ImageTriggerListQuery): Promise<Page<ImageTrigger>> {
    const after = decodeCursor(query.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('image_triggers').selectAll().where('account_id', '=', accountId);
      if (query.repository !== undefined) q = q.where('repository', '=', query.repository);
      if (query.clusterId !== undefined) q = q.where('cluster_id', '=', query.clusterId);
      if (after) q = q.where(before(after));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(query.limit)).execute();
      return toPage(rows, query.limit, toImageTrigger);
    });
  }

  window(accountId: string, query: ImageTriggerWindowQuery): Promise<Window<ImageTrigger>> {
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('image_triggers').where('account_id', '=', accountId);
      if (query.repository !== undefined) q = q.where('repository', '=', query.repository);
      if (query.name !== undefined) q = q.where('name', '=', query.name);
      const rows = await q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc')
        .limit(Math.max(0, query.limit)).offset(Math.max(0, query.offset)).execute();
      const { total } = await q.select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
      return { items: rows.map(toImageTrigger), total: Number(total) };
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('image_triggers').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    });
  }
}

function writeMeaning(trigger: ImageTrigger): ViolationMeaning {
  return {
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Image trigger ${trigger.id} already exists.` }
        : { code: 'NAME_TAKEN', detail: `A trigger named ${trigger.name} already exists.` },
    // The foreign key is (account_id, cluster_id): a cluster of another account is as absent as a missing one.
    foreignKey: () => ({ code: 'CLUSTER_NOT_FOUND', detail: `Cluster ${trigger.clusterId} does not exist.` }),
  };
}

function toRow(t: ImageTrigger): ImageTriggerRow {
  return {
    id: t.id,
    account_id: t.accountId,
    name: t.name,
    repository: t.repository,
    registry_host: t.registryHost,
    condition_method: t.condition.method,
    condition_expr: t.condition.expr,
    cluster_id: t.clusterId,
    cluster_region: t.clusterRegion,
    namespace: t.namespace,
    workload_kind: t.workloadKind,
    workload_name: t.workloadName,
    container_name: t.containerName,
    pin_digest: t.pinDigest ? 1 : 0,
    allow_downgrade: t.allowDowngrade ? 1 : 0,
    created_by_token_id: t.createdBy?.tokenId ?? null,
    created_by_name: t.createdBy?.name ?? null,
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

function toImageTrigger(row: ImageTriggerRow): ImageTrigger {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    repository: row.repository,
    registryHost: row.registry_host,
    condition: { method: row.condition_method as InvokeMethod, expr: row.condition_expr },
    clusterId: row.cluster_id,
    clusterRegion: Number(row.cluster_region),
    namespace: row.namespace,
    workloadKind: row.workload_kind as WorkloadKind,
    workloadName: row.workload_name,
    containerName: row.container_name,
    pinDigest: Number(row.pin_digest) === 1,
    allowDowngrade: Number(row.allow_downgrade) === 1,
    createdBy: row.created_by_token_id === null ? null : { tokenId: row.created_by_token_id, name: row.created_by_name ?? '' },
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
