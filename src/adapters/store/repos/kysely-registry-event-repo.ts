import { sql, type Kysely } from 'kysely';
import type { Page, PageQuery, RegistryEventRepo } from '../../../app/ports/store.ts';
import { AppError } from '../../../domain/errors.ts';
import type { SenderType } from '../../../domain/image-push-event.ts';
import { IMAGE_PUSH_MATCH_JOB, type ImagePushMatchPayload, type RegistryEvent } from '../../../domain/registry-event.ts';
import { before, decodeCursor, fetchSize, toPage } from '../page-cursor.ts';
import { PreparedQuery } from '../prepared-query.ts';
import type { Database, RegistryEventRow } from '../schema.ts';
import { guarded } from '../store-errors.ts';
import { nextAccountId, pruneBatchSize } from './prune-support.ts';
import { affected, atomically, type RepoContext } from './repo-context.ts';

type InsertOnce = { readonly event: RegistryEvent; readonly created: boolean };

/**
 * Accepted pushes with the two dedupe rules of migration 0004. Every statement is conflict-tolerant (ON CONFLICT DO
 * NOTHING / a conditional upsert), never a caught unique violation, because a violation aborts the caller's whole
 * PostgreSQL transaction, which here also holds the `image-push.match` job.
 *
 * Concurrency: on PostgreSQL two transactions accepting the same (repository, tag, digest) both insert their event,
 * then meet on the head row: the second waits for the first, finds the digest already there (the upsert's WHERE
 * is re-checked against the committed row), deletes its own event and returns the first one. On SQLite writers are
 * serialized (BEGIN IMMEDIATE), so each upsert already sees every earlier commit.
 */
export class KyselyRegistryEventRepo implements RegistryEventRepo {
  readonly #ctx: RepoContext;

  constructor(ctx: RepoContext) {
    this.#ctx = ctx;
  }

  /** Atomic on its own: outside a transaction it opens one. */
  insertOnce(event: RegistryEvent): Promise<InsertOnce> {
    const { db } = this.#ctx;
    return guarded(this.#ctx.dialect, () =>
      atomically(db, (trx) => insertOnce({ ...this.#ctx, db: trx }, event)), {
      unique: () => ({ code: 'ID_TAKEN', detail: `Registry event ${event.id} already exists.` }),
    });
  }

  get(accountId: string, id: string): Promise<RegistryEvent | null> {
    return guarded(this.#ctx.dialect, () => byId(this.#ctx.db, accountId, id));
  }

  async list(accountId: string, query: PageQuery & { readonly repository?: string }): Promise<Page<RegistryEvent>> {
    const after = decodeCursor(query.cursor);
    return guarded(this.#ctx.dialect, async () => {
      let q = this.#ctx.db.selectFrom('registry_events').selectAll().where('account_id', '=', accountId);
      if (query.repository !== undefined) q = q.where('repository', '=', query.repository);
      if (after) q = q.where(before(after));
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(fetchSize(query.limit)).execute();
      return toPage(rows, query.limit, toEvent);
    });
  }

  /**
   * One retention batch, in one transaction. What an event may still be needed for (migration 0004 and readers):
   * - `registry_tag_heads` is the (repository, tag, digest) dedupe state and is never deleted; the event a head
   *   points at is kept too, because insertOnce answers a re-push of the head's digest with that event (a probe
   *   of the head's primary key per candidate). Every other event of the tag has been superseded.
   * - the `image-push.match` job reads its event; one still queued or running keeps it. Such a job is enqueued
   *   only with a new event, in its transaction, and a finished job never runs again, so the ids read here at the
   *   start of the batch cannot miss one. Reading the active match jobs once per batch costs one pass over the
   *   queued and running jobs (partial indexes), not one per candidate.
   * - trigger logs copy what they show and keep only the event's id (no foreign key): ListTriggerLog and the
   *   native log never read the event. A match job whose event is gone is a finished no-op (match-image-push.ts).
   * - the transport dedupe key (`registry_events_account_id_dedupe_key_key`) is freed: a sender redelivering the
   *   same delivery after the retention (days; senders retry for minutes to hours) has it accepted again, and
   *   then the (repository, tag, digest) rule still refuses it unless the tag moved in between.
   */
  prune(receivedBefore: number, limit: number): Promise<number> {
    const size = pruneBatchSize(limit);
    const { db } = this.#ctx;
    return guarded(this.#ctx.dialect, () =>
      atomically(db, (trx) => pruneBatch(trx, receivedBefore, size)));
  }
}

async function pruneBatch(db: Kysely<Database>, receivedBefore: number, size: number): Promise<number> {
  const matching = await activeMatchEvents(db);
  const ids: string[] = [];
  for (let account = await nextAccountId(db, 'registry_events', null); account !== null && ids.length < size; account = await nextAccountId(db, 'registry_events', account)) {
    const busy = matching.get(account) ?? new Set<string>();
    // Over-fetch by the events this account's active match jobs hold, so they never shrink a full batch.
    const rows = await db.selectFrom('registry_events as e').select('e.id')
      .where('e.account_id', '=', account)
      .where('e.created_at', '<', receivedBefore)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('registry_tag_heads as h').select(sql.lit(1).as('one'))
        .whereRef('h.account_id', '=', 'e.account_id').whereRef('h.repository', '=', 'e.repository')
        .where(sql<boolean>`h.tag = coalesce(e.tag, '')`).whereRef('h.event_id', '=', 'e.id'))))
      .orderBy('e.created_at').orderBy('e.id')
      .limit(size - ids.length + busy.size)
      .execute();
    for (const row of rows) {
      if (ids.length < size && !busy.has(row.id)) ids.push(row.id);
    }
  }
  if (ids.length === 0) return 0;
  return affected(await db.deleteFrom('registry_events').where('id', 'in', ids).executeTakeFirst());
}

/** Account → ids of the events whose `image-push.match` job is queued or running. */
async function activeMatchEvents(db: Kysely<Database>): Promise<Map<string, Set<string>>> {
  // Two literal states, so each part may walk its partial index (queued jobs, running jobs) instead of the table.
  const rows = await db.selectFrom('jobs').select(['account_id', 'payload']).where('state', '=', sql.lit('queued')).where('kind', '=', IMAGE_PUSH_MATCH_JOB)
    .unionAll(db.selectFrom('jobs').select(['account_id', 'payload']).where('state', '=', sql.lit('running')).where('kind', '=', IMAGE_PUSH_MATCH_JOB))
    .execute();
  const byAccount = new Map<string, Set<string>>();
  for (const row of rows) {
    const { eventId } = (JSON.parse(row.payload) ?? {}) as Partial<ImagePushMatchPayload>;
    if (typeof eventId !== 'string') continue;
    let ids = byAccount.get(row.account_id);
    if (ids === undefined) byAccount.set(row.account_id, (ids = new Set()));
    ids.add(eventId);
  }
  return byAccount;
}

// The intake's statements, compiled once (prepared-query.ts): a busy registry sends a steady stream of pushes.
const INSERT_EVENT = new PreparedQuery<RowArgs, { id: string }>(15, (db, ...v) =>
  db.insertInto('registry_events').values(rowOf(v)).onConflict((oc) => oc.doNothing()).returning('id'));
const MOVE_HEAD = new PreparedQuery<[string, string, string, string, string, number], { event_id: string }>(6, (db, accountId, repository, tag, digest, eventId, at) =>
  db.insertInto('registry_tag_heads')
    .values({ account_id: accountId, repository, tag, digest, event_id: eventId, updated_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'repository', 'tag'])
      .doUpdateSet((eb) => ({ digest: eb.ref('excluded.digest'), event_id: eb.ref('excluded.event_id'), updated_at: eb.ref('excluded.updated_at') }))
      .where('registry_tag_heads.digest', '<>', (eb) => eb.ref('excluded.digest')))
    .returning('event_id'));

/**
 * The common case costs two statements: the event insert (ON CONFLICT DO NOTHING on the transport key) and the
 * head upsert (moves only when the digest differs). Either refusing means a duplicate, looked up afterwards.
 */
async function insertOnce(ctx: RepoContext, event: RegistryEvent): Promise<InsertOnce> {
  const { db, dialect } = ctx;
  const { push } = event;
  const [inserted] = await INSERT_EVENT.execute(db, dialect.name, ...argsOf(event));
  if (!inserted) {
    // The transport key was seen (on PostgreSQL, after waiting for a concurrent winner's commit); or the id itself was taken.
    const seen = push.dedupeKey === null ? null : await byDedupeKey(db, event.accountId, push.dedupeKey);
    if (seen) return { event: seen, created: false };
    throw new AppError('ID_TAKEN', `Registry event ${event.id} already exists.`);
  }
  if (push.digest === null) return { event, created: true };

  const tagKey = push.tag ?? '';
  const [moved] = await MOVE_HEAD.execute(db, dialect.name, event.accountId, push.repository, tagKey, push.digest, event.id, event.receivedAt);
  if (moved) return { event, created: true };

  // The tag already points at this digest (accepted earlier, or by a concurrent transaction that committed first).
  await db.deleteFrom('registry_events').where('id', '=', event.id).execute();
  const head = await db.selectFrom('registry_tag_heads').select('event_id')
    .where('account_id', '=', event.accountId).where('repository', '=', push.repository).where('tag', '=', tagKey)
    .executeTakeFirstOrThrow();
  const original = await byId(db, event.accountId, head.event_id);
  if (!original) throw new AppError('INTERNAL', 'A registry tag head points at a missing event.');
  return { event: original, created: false };
}

async function byId(db: Kysely<Database>, accountId: string, id: string): Promise<RegistryEvent | null> {
  const row = await db.selectFrom('registry_events').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return row ? toEvent(row) : null;
}

async function byDedupeKey(db: Kysely<Database>, accountId: string, dedupeKey: string): Promise<RegistryEvent | null> {
  const row = await db.selectFrom('registry_events').selectAll()
    .where('account_id', '=', accountId).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  return row ? toEvent(row) : null;
}

type RowArgs = [
  id: string, accountId: string, source: string, sourceId: string, sender: string, eventId: string | null, dedupeKey: string | null,
  registryHost: string | null, repository: string, tag: string | null, digest: string | null, mediaType: string | null,
  pushedAt: number | null, actor: string | null, createdAt: number,
];

function argsOf(event: RegistryEvent): RowArgs {
  const { push } = event;
  return [
    event.id, event.accountId, event.source, event.sourceId, push.sender, push.eventId, push.dedupeKey, push.registryHost,
    push.repository, push.tag, push.digest, push.mediaType, push.pushedAt, push.actor, event.receivedAt,
  ];
}

function rowOf(v: RowArgs): RegistryEventRow {
  const [id, accountId, source, sourceId, sender, eventId, dedupeKey, registryHost, repository, tag, digest, mediaType, pushedAt, actor, createdAt] = v;
  return {
    id, account_id: accountId, source, source_id: sourceId, sender, event_id: eventId, dedupe_key: dedupeKey, registry_host: registryHost,
    repository, tag, digest, media_type: mediaType, pushed_at: pushedAt, actor, created_at: createdAt,
  };
}

function toEvent(row: RegistryEventRow): RegistryEvent {
  return {
    id: row.id,
    accountId: row.account_id,
    source: row.source as RegistryEvent['source'],
    sourceId: row.source_id,
    push: {
      sender: row.sender as SenderType,
      eventId: row.event_id,
      dedupeKey: row.dedupe_key,
      registryHost: row.registry_host,
      repository: row.repository,
      tag: row.tag,
      digest: row.digest,
      mediaType: row.media_type,
      pushedAt: row.pushed_at,
      actor: row.actor,
    },
    receivedAt: row.created_at,
  };
}
