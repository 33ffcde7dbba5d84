import type { NotificationRepo } from '../../../app/ports/notification-repo.ts';
import type { Page, PageQuery } from '../../../app/ports/store.ts';
import type { RecordOrigin } from '../../../domain/deploy-record.ts';
import { notFound } from '../../../domain/errors.ts';
import type {
  DeliveredEvent, DeliveryOutcome, NotificationChannel, NotificationDelivery, NotificationEvent, NotificationFilter,
  NotificationFormat, NotificationRoute,
} from '../../../domain/notification-channel.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import type { Kysely } from 'kysely';
import type { Database, NotificationChannelRow, NotificationDeliveryRow } from '../schema.ts';
import { guarded, type ViolationMeaning } from '../store-errors.ts';
import { pruneBatchSize } from './prune-support.ts';
import { affected, atomically, type RepoContext } from './repo-context.ts';

export class KyselyNotificationRepo implements NotificationRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  insert(channel: NotificationChannel): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('notification_channels').values(toRow(channel)).execute();
    }, writeMeaning(channel));
  }

  get(accountId: string, id: string): Promise<NotificationChannel | null> {
    return guarded(this.#ctx.dialect, async () => {
      const row = await this.#ctx.db.selectFrom('notification_channels').selectAll()
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return row ? toChannel(row) : null;
    });
  }

  list(accountId: string, page: PageQuery): Promise<Page<NotificationChannel>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('notification_channels').selectAll().where('account_id', '=', accountId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toChannel);
    });
  }

  update(channel: NotificationChannel): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      const { id: _id, account_id: _account, created_at: _created, ...changes } = toRow(channel);
      const result = await this.#ctx.db.updateTable('notification_channels').set(changes)
        .where('account_id', '=', channel.accountId).where('id', '=', channel.id).executeTakeFirst();
      if (affected(result) === 0) throw notFound('NOTIFICATION_CHANNEL_NOT_FOUND', 'Notification channel', channel.id);
    }, writeMeaning(channel));
  }

  delete(accountId: string, id: string): Promise<boolean> {
    return guarded(this.#ctx.dialect, async () => {
      const result = await this.#ctx.db.deleteFrom('notification_channels')
        .where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return affected(result) > 0;
    });
  }

  enabledRoutes(accountId: string): Promise<NotificationRoute[]> {
    return guarded(this.#ctx.dialect, async () => {
      const rows = await this.#ctx.db.selectFrom('notification_channels')
        .select(['id', 'events', 'filter_origin', 'filter_task_id', 'filter_trigger_id', 'filter_cluster_id'])
        .where('account_id', '=', accountId).where('enabled', '=', 1)
        .execute();
      return rows.map((row) => ({ id: row.id, events: JSON.parse(row.events) as NotificationEvent[], filter: toFilter(row) }));
    });
  }

  addDelivery(delivery: NotificationDelivery): Promise<void> {
    return guarded(this.#ctx.dialect, async () => {
      await this.#ctx.db.insertInto('notification_deliveries').values(toDeliveryRow(delivery)).execute();
    }, {
      unique: () => ({ code: 'ID_TAKEN', detail: `Delivery ${delivery.id} already exists.` }),
      foreignKey: () => ({ code: 'NOTIFICATION_CHANNEL_NOT_FOUND', detail: `Notification channel ${delivery.channelId} does not exist.` }),
    });
  }

  listDeliveries(accountId: string, channelId: string, page: PageQuery): Promise<Page<NotificationDelivery>> {
    const after = decodeCursor(page.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let query = this.#ctx.db.selectFrom('notification_deliveries').selectAll()
        .where('channel_id', '=', channelId).where('account_id', '=', accountId);
      if (after) query = query.where(before(after));
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(page.limit)).execute();
      return toPage(rows, page.limit, toDelivery);
    });
  }

  pruneDeliveries(before: number, limit: number): Promise<number> {
    const size = pruneBatchSize(limit);
    const { db } = this.#ctx;
    return guarded(this.#ctx.dialect, () => atomically(db, (trx) => pruneDeliveryBatch(trx, before, size)));
  }
}

/**
 * Each channel's attempts before the cutoff, oldest first, by a range on the `(channel_id, created_at, id)` page
 * index, until `size`. Channels are few (they are walked by primary key), so no index on age alone is needed.
 */
async function pruneDeliveryBatch(db: Kysely<Database>, before: number, size: number): Promise<number> {
  const ids: string[] = [];
  let channel: string | null = null;
  while (ids.length < size) {
    let next = db.selectFrom('notification_channels').select('id');
    if (channel !== null) next = next.where('id', '>', channel);
    const row = await next.orderBy('id').limit(1).executeTakeFirst();
    if (!row) break;
    channel = row.id;
    const rows = await db.selectFrom('notification_deliveries').select('id')
      .where('channel_id', '=', channel).where('created_at', '<', before)
      .orderBy('created_at').orderBy('id')
      .limit(size - ids.length)
      .execute();
    for (const r of rows) ids.push(r.id);
  }
  if (ids.length === 0) return 0;
  return affected(await db.deleteFrom('notification_deliveries').where('id', 'in', ids).executeTakeFirst());
}

function writeMeaning(channel: NotificationChannel): ViolationMeaning {
  return {
    unique: (primaryKey) => primaryKey
      ? { code: 'ID_TAKEN', detail: `Notification channel ${channel.id} already exists.` }
      : { code: 'NAME_TAKEN', detail: `A notification channel named ${channel.name} already exists.` },
    foreignKey: () => ({ code: 'ACCOUNT_NOT_FOUND', detail: `Account ${channel.accountId} does not exist.` }),
  };
}

function toRow(c: NotificationChannel): NotificationChannelRow {
  return {
    id: c.id,
    account_id: c.accountId,
    name: c.name,
    url_ciphertext: c.urlCiphertext,
    url_display: c.urlDisplay,
    events: JSON.stringify(c.events),
    format: c.format,
    filter_origin: c.filter.origin ?? null,
    filter_task_id: c.filter.taskId ?? null,
    filter_trigger_id: c.filter.triggerId ?? null,
    filter_cluster_id: c.filter.clusterId ?? null,
    enabled: c.enabled ? 1 : 0,
    secret_ciphertext: c.secretCiphertext,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

type FilterColumns = Pick<NotificationChannelRow, 'filter_origin' | 'filter_task_id' | 'filter_trigger_id' | 'filter_cluster_id'>;

function toFilter(row: FilterColumns): NotificationFilter {
  return {
    ...(row.filter_origin === null ? {} : { origin: row.filter_origin as RecordOrigin }),
    ...(row.filter_task_id === null ? {} : { taskId: row.filter_task_id }),
    ...(row.filter_trigger_id === null ? {} : { triggerId: row.filter_trigger_id }),
    ...(row.filter_cluster_id === null ? {} : { clusterId: row.filter_cluster_id }),
  };
}

function toChannel(row: NotificationChannelRow): NotificationChannel {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    urlCiphertext: row.url_ciphertext,
    urlDisplay: row.url_display,
    events: JSON.parse(row.events) as NotificationEvent[],
    format: row.format as NotificationFormat,
    filter: toFilter(row),
    enabled: Number(row.enabled) === 1,
    secretCiphertext: row.secret_ciphertext,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toDeliveryRow(d: NotificationDelivery): NotificationDeliveryRow {
  return {
    id: d.id,
    account_id: d.accountId,
    channel_id: d.channelId,
    message_id: d.messageId,
    event: d.event,
    record_id: d.recordId,
    attempt: d.attempt,
    outcome: d.outcome,
    status_code: d.statusCode,
    error: d.error,
    duration_ms: d.durationMs,
    created_at: d.at,
  };
}

function toDelivery(row: NotificationDeliveryRow): NotificationDelivery {
  return {
    id: row.id,
    accountId: row.account_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    event: row.event as DeliveredEvent,
    recordId: row.record_id,
    attempt: Number(row.attempt),
    outcome: row.outcome as DeliveryOutcome,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    error: row.error,
    durationMs: Number(row.duration_ms),
    at: row.created_at,
  };
}
