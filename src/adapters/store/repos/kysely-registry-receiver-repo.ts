import type { Page, PageQuery, RegistryReceiverRepo } from '../../../app/ports/store.ts';
import type { SenderType } from '../../../domain/image-push-event.ts';
import type { RegistryReceiver } from '../../../domain/registry-receiver.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { RegistryReceiverRow } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { affected, type RepoContext } from './repo-context.ts';

/** The delivery route looks its receiver up on every webhook: compiled once (prepared-query.ts). */
const FIND = new PreparedQuery<[string], RegistryReceiverRow>(1, (db, id) =>
  db.selectFrom('registry_receivers').selectAll().where('id', '=', id));

export class KyselyRegistryReceiverRepo implements RegistryReceiverRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(receiver: RegistryReceiver): Promise<void> {
    const run = async (): Promise<void> => {
      await this.#ctx.db.insertInto('registry_receivers').values(toRow(receiver)).execute();
    };
    return guarded(this.#ctx.dialect, run, {
      unique: (primaryKey) =>
        primaryKey
          ? { code: 'ID_TAKEN', detail: `A registry receiver with id ${receiver.id} already exists.` }
          : { code: 'NAME_TAKEN', detail: `A registry receiver named ${receiver.name} already exists.` },
      foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${receiver.accountId} does not exist.` }),
    });
  }

  get(accountId: string, id: string): Promise<RegistryReceiver | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('registry_receivers').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toReceiver(row) : null;
    });
  }

  find(id: string): Promise<RegistryReceiver | null> {
    return guarded(this.#ctx.dialect, async () => {
      const [row] = await FIND.execute(this.#ctx.db, this.#ctx.dialect.name, id);
      return row ? toReceiver(row) : null;
    });
  }

  async list(accountId: string, page: PageQuery): Promise<Page<RegistryReceiver>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('registry_receivers').selectAll().where('account_id', '=', accountId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toReceiver);
    });
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('registry_receivers')
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    });
  }
}

function toRow(r: RegistryReceiver): RegistryReceiverRow {
  return {
    id: r.id,
    account_id: r.accountId,
    name: r.name,
    sender: r.sender,
    secret_ciphertext: r.secretCiphertext,
    registry_host: r.registryHost,
    created_at: r.createdAt,
  };
}

function toReceiver(row: RegistryReceiverRow): RegistryReceiver {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    sender: row.sender as SenderType,
    secretCiphertext: row.secret_ciphertext,
    registryHost: row.registry_host,
    createdAt: row.created_at,
  };
}
