import type { Page, PageQuery, WatchedRepositoryRepo } from '../../../app/ports/store.ts';
import { notFound } from '../../../domain/errors.ts';
import type { TagDigests, WatchedRepository } from '../../../domain/watched-repository.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { WatchedRepositoryRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

export class KyselyWatchedRepositoryRepo implements WatchedRepositoryRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(watch: WatchedRepository): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('watched_repositories').values(toRow(watch)).execute();
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(watch));
  }

  update(watch: WatchedRepository): Promise<void> {
    const run = async (): Promise<void> => {
      const { id: _id, account_id: _account, created_at: _created, ...changes } = toRow(watch);
      const result = await this.#ctx.db.updateTable('watched_repositories').set(changes)
        .where('account_id', '=', watch.accountId).where('id', '=', watch.id).executeTakeFirst();
      if (affected(result) === 0) throw notFound('WATCHED_REPOSITORY_NOT_FOUND', 'Watched repository', watch.id);
    };
    return guarded(this.#ctx.dialect, run, writeMeaning(watch));
  }

  recordPoll(
    accountId: string,
    id: string,
    expectUpdatedAt: number,
    outcome: { readonly tagState?: TagDigests; readonly lastPolledAt: number; readonly lastError: string | null },
  ): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.updateTable('watched_repositories')
        .set({
          last_polled_at: outcome.lastPolledAt,
          last_error: outcome.lastError,
          ...(outcome.tagState === undefined ? {} : { tag_state: JSON.stringify(outcome.tagState) }),
        })
        .where('account_id', '=', accountId).where('id', '=', id).where('updated_at', '=', expectUpdatedAt)
        .executeTakeFirst();
      return affected(result) > 0;
    });
  }

  get(accountId: string, id: string): Promise<WatchedRepository | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('watched_repositories').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toWatch(row) : null;
    });
  }

  async list(accountId: string, page: PageQuery): Promise<Page<WatchedRepository>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('watched_repositories').selectAll().where('account_id', '=', accountId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toWatch);
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('watched_repositories')
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    });
  }
}

function writeMeaning(watch: WatchedRepository): ViolationMeaning {
  return {
    unique: (primaryKey) =>
      primaryKey
        ? { code: 'ID_TAKEN', detail: `Watched repository ${watch.id} already exists.` }
        : { code: 'NAME_TAKEN', detail: `A watched repository named ${watch.name} already exists.` },
    foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${watch.accountId} does not exist.` }),
  };
}

function toRow(w: WatchedRepository): WatchedRepositoryRow {
  return {
    id: w.id,
    account_id: w.accountId,
    name: w.name,
    registry_url: w.registryUrl,
    registry_host: w.registryHost,
    repository: w.repository,
    tag_pattern: w.tagPattern,
    interval_seconds: w.intervalSeconds,
    enabled: w.enabled ? 1 : 0,
    credentials_ciphertext: w.credentialsCiphertext,
    tag_state: w.tagState === null ? null : JSON.stringify(w.tagState),
    last_polled_at: w.lastPolledAt,
    last_error: w.lastError,
    created_at: w.createdAt,
    updated_at: w.updatedAt,
  };
}

function toWatch(row: WatchedRepositoryRow): WatchedRepository {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    registryUrl: row.registry_url,
    registryHost: row.registry_host,
    repository: row.repository,
    tagPattern: row.tag_pattern,
    intervalSeconds: row.interval_seconds,
    enabled: row.enabled === 1,
    credentialsCiphertext: row.credentials_ciphertext,
    tagState: row.tag_state === null ? null : (JSON.parse(row.tag_state) as TagDigests),
    lastPolledAt: row.last_polled_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
