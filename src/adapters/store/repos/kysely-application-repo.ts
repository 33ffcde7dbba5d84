import type { ApplicationRepo, Page, PageQuery } from '../../../app/ports/store.ts';
import type { Application } from '../../../domain/application.ts';
import { notFound } from '../../../domain/errors.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { ApplicationRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyApplicationRepo implements ApplicationRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(app: Application): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('applications').values(toRow(app)).execute();
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(app));
  }

  /** Throws APPLICATION_NOT_FOUND when the application does not exist (in this account). */
  update(app: Application): Promise<void> {
    const run = async (): Promise<void> => {
      const { id: _id, account_id: _account, created_at: _created, ...changes } = toRow(app);
      const result = await this.#ctx.db
        .updateTable('applications')
        .set(changes)
        .where('account_id', '=', app.accountId)
        .where('id', '=', app.id)
        .executeTakeFirst();
      if (affected(result) === 0) throw notFound('APPLICATION_NOT_FOUND', 'Application', app.id);
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(app));
  }

  get(accountId: string, id: string): Promise<Application | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db
        .selectFrom('applications')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toApplication(row) : null;
    });
  }

  async list(accountId: string, page: PageQuery & { readonly clusterId?: string }): Promise<Page<Application>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('applications').selectAll().where('account_id', '=', accountId);
      if (page.clusterId !== undefined) query = query.where('cluster_id', '=', page.clusterId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toApplication);
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db
        .deleteFrom('applications')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }
}

function writeMeaning(app: Application): ViolationMeaning {
  return {
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Application ${app.id} already exists.` }
        : { code: 'NAME_TAKEN', detail: `Cluster ${app.clusterId} already has an application named ${app.name}.` },
    // The foreign key is (account_id, cluster_id): a cluster of another account is as absent as a missing one.
    foreignKey: () => ({ code: 'CLUSTER_NOT_FOUND', detail: `Cluster ${app.clusterId} does not exist.` }),
  };
}

function toRow(app: Application): ApplicationRow {
  return {
    id: app.id,
    account_id: app.accountId,
    cluster_id: app.clusterId,
    name: app.name,
    namespace: app.namespace,
    selector: app.selector,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
  };
}

function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    accountId: row.account_id,
    clusterId: row.cluster_id,
    name: row.name,
    namespace: row.namespace,
    selector: row.selector,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
