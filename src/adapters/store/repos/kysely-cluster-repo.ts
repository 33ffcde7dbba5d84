import type { ClusterRepo, Page, PageQuery } from '../../../app/ports/store.ts';
import type { Cluster } from '../../../domain/cluster.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { ClusterRow } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyClusterRepo implements ClusterRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(cluster: Cluster): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('clusters').values(toRow(cluster)).execute();
    };
    return guarded(this.#ctx.dialect, run, {
      unique: (primaryKey) =>
        primaryKey
          ? { code: 'ID_TAKEN', detail: `A cluster with id ${cluster.id} already exists.` }
          : { code: 'NAME_TAKEN', detail: `A cluster named ${cluster.name} already exists.` },
      foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${cluster.accountId} does not exist.` }),
    });
  }

  get(accountId: string, id: string): Promise<Cluster | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db
        .selectFrom('clusters')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toCluster(row) : null;
    });
  }

  async list(accountId: string, page: PageQuery): Promise<Page<Cluster>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('clusters').selectAll().where('account_id', '=', accountId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toCluster);
    });
  }

  /** Throws RESOURCE_IN_USE while applications still belong to the cluster. */
  delete(accountId: string, id: string): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const result = await this.#ctx.db
        .deleteFrom('clusters')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return affected(result) > 0;
    };
    return guarded(this.#ctx.dialect, run, {
      foreignKey: () => ({ code: 'RESOURCE_IN_USE', detail: `Cluster ${id} still has applications.` }),
    });
  }
}

function toRow(cluster: Cluster): ClusterRow {
  return {
    id: cluster.id,
    account_id: cluster.accountId,
    name: cluster.name,
    kubeconfig_ciphertext: cluster.kubeconfigCiphertext,
    server: cluster.server,
    created_at: cluster.createdAt,
  };
}

function toCluster(row: ClusterRow): Cluster {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    kubeconfigCiphertext: row.kubeconfig_ciphertext,
    server: row.server,
    createdAt: row.created_at,
  };
}
