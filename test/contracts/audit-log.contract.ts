/**
 * AuditLogRepo contract: SQLite (memory and file) and PostgreSQL must pass it. Each test opens its own store.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { AuditEventListQuery } from '../../src/app/ports/audit-log.ts';
import { MAX_PRUNE_BATCH } from '../../src/app/ports/job-queue.ts';
import { uuidV7 } from '../../src/app/ports/id-source.ts';
import type { Store } from '../../src/app/ports/store.ts';
import type { AuditEvent } from '../../src/domain/audit-event.ts';
import { allPages, anAccount, openFor, rejectsWith, type OpenStore } from './store.contract.ts';

let clock = 1_700_000_000_000;
export function anAuditEvent(accountId: string, overrides: Partial<AuditEvent> = {}): AuditEvent {
  clock += 1;
  return {
    id: uuidV7(clock), accountId, at: clock,
    actor: { kind: 'token', tokenId: randomUUID(), tokenName: 'ci', accessKeyId: null },
    method: 'POST', route: '/api/v1/tokens', action: 'POST /api/v1/tokens', target: randomUUID(), status: 201,
    outcome: 'succeeded', errorCode: null, requestId: randomUUID(), sourceIp: '127.0.0.1',
    ...overrides,
  };
}

async function anAccountIn(store: Store, id: string = randomUUID()): Promise<string> {
  const account = anAccount({ id });
  await store.accounts.insert(account);
  return account.id;
}

const ids = (events: readonly AuditEvent[]) => events.map((e) => e.id);

export function auditLogRepoContract(name: string, open: OpenStore): void {
  describe(`AuditLogRepo contract: ${name}`, () => {
    test('append then list round-trips every field, for each kind of actor and for none', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const byToken = anAuditEvent(accountId);
      const byKey = anAuditEvent(accountId, {
        actor: { kind: 'access-key', tokenId: randomUUID(), tokenName: 'sdk', accessKeyId: 'CAPKAAAAAAAAAAAAAAAAAAAA' },
        method: 'GET', route: '/v2/index.php', action: 'CCR AddUpdateServiceTrigger', target: 'web', status: 200,
        outcome: 'denied', errorCode: 'ROLE_FORBIDS_ACTION',
      });
      const anonymous = anAuditEvent(accountId, { actor: null, target: null, status: 401, outcome: 'denied', errorCode: 'TOKEN_MISSING', sourceIp: null });
      for (const e of [byToken, byKey, anonymous]) await store.auditEvents.append(e);
      const page = await store.auditEvents.list(accountId, { limit: 10 });
      assert.deepEqual(page, { items: [anonymous, byKey, byToken], nextCursor: null });
    });

    test('a duplicate id is ID_TAKEN, an unknown account ACCOUNT_NOT_FOUND; the store refuses an unknown outcome or a half actor', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const event = anAuditEvent(accountId);
      await store.auditEvents.append(event);
      await rejectsWith(store.auditEvents.append({ ...anAuditEvent(accountId), id: event.id }), 'ID_TAKEN');
      await rejectsWith(store.auditEvents.append(anAuditEvent(randomUUID())), 'ACCOUNT_NOT_FOUND');
      await assert.rejects(store.auditEvents.append(anAuditEvent(accountId, { outcome: 'maybe' as never })));
      await assert.rejects(store.auditEvents.append(anAuditEvent(accountId, {
        actor: { kind: 'access-key', tokenId: randomUUID(), tokenName: 'x', accessKeyId: null },
      })));
      assert.deepEqual(ids((await store.auditEvents.list(accountId, { limit: 10 })).items), [event.id]);
    });

    test('newest first by time, then id, across pages; another account\'s entries never show', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const other = await anAccountIn(store);
      const events: AuditEvent[] = [];
      for (let i = 0; i < 7; i++) events.push(anAuditEvent(accountId));
      // Two entries in the same millisecond: the id decides.
      const sameMs = anAuditEvent(accountId, { at: events[3]!.at });
      events.push(sameMs);
      for (const e of events) await store.auditEvents.append(e);
      await store.auditEvents.append(anAuditEvent(other));
      const expected = [...events].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      const pages = await allPages((cursor) => store.auditEvents.list(accountId, { limit: 3, cursor }));
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 2]);
      assert.deepEqual(pages.flat().map((e) => e.id), ids(expected));
    });

    test('every filter is an exact match, and filters combine', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      const actor = { kind: 'token' as const, tokenId: randomUUID(), tokenName: 'viewer', accessKeyId: null };
      const a = anAuditEvent(accountId, { actor, action: 'DELETE /api/v1/tokens/:id', route: '/api/v1/tokens/:id', method: 'DELETE', target: 't1', status: 403, outcome: 'denied' });
      const b = anAuditEvent(accountId, { actor, target: 't2' });
      const c = anAuditEvent(accountId, { target: 't1', status: 400, outcome: 'failed' });
      const d = anAuditEvent(accountId, { actor: null, target: null, status: 401, outcome: 'denied' });
      for (const e of [a, b, c, d]) await store.auditEvents.append(e);
      const list = async (query: Omit<AuditEventListQuery, 'limit'>) => ids((await store.auditEvents.list(accountId, { limit: 50, ...query })).items);
      assert.deepEqual(await list({ actorTokenId: actor.tokenId }), [b.id, a.id]);
      assert.deepEqual(await list({ action: 'DELETE /api/v1/tokens/:id' }), [a.id]);
      assert.deepEqual(await list({ route: '/api/v1/tokens' }), [d.id, c.id, b.id]);
      assert.deepEqual(await list({ target: 't1' }), [c.id, a.id]);
      assert.deepEqual(await list({ outcome: 'denied' }), [d.id, a.id]);
      assert.deepEqual(await list({ outcome: 'denied', actorTokenId: actor.tokenId }), [a.id]);
      assert.deepEqual(await list({ since: b.at, until: c.at }), [c.id, b.id], 'since and until are inclusive');
      assert.deepEqual(await list({ since: d.at + 1 }), []);
      assert.deepEqual(await list({ target: 'nothing' }), []);
    });

    test('prune deletes entries before the cutoff, oldest first per account, at most a batch per call', async (t) => {
      const store = await openFor(t, open);
      // Accounts are walked in id order: `first` sorts before `second`.
      const first = await anAccountIn(store, `a-${randomUUID()}`);
      const second = await anAccountIn(store, `b-${randomUUID()}`);
      const old1 = anAuditEvent(first, { at: 1_000 });
      const old2 = anAuditEvent(first, { at: 2_000 });
      const old3 = anAuditEvent(second, { at: 1_500 });
      const recent = anAuditEvent(first, { at: 10_000 });
      const boundary = anAuditEvent(second, { at: 5_000 });
      for (const e of [old1, old2, old3, recent, boundary]) await store.auditEvents.append(e);

      assert.equal(await store.auditEvents.prune(5_000, 1), 1, 'a batch of one');
      assert.deepEqual(ids((await store.auditEvents.list(first, { limit: 10 })).items), [recent.id, old2.id], 'the oldest of an account goes first');
      assert.equal(await store.auditEvents.prune(5_000, MAX_PRUNE_BATCH * 10), 2, 'the rest before the cutoff; the limit is capped, not refused');
      assert.deepEqual(ids((await store.auditEvents.list(first, { limit: 10 })).items), [recent.id]);
      assert.deepEqual(ids((await store.auditEvents.list(second, { limit: 10 })).items), [boundary.id], 'an entry at the cutoff stays');
      assert.equal(await store.auditEvents.prune(5_000, 100), 0);
    });

    test('append joins the caller\'s transaction: a rollback leaves no entry', async (t) => {
      const store = await openFor(t, open);
      const accountId = await anAccountIn(store);
      await assert.rejects(store.transaction(async (tx) => {
        await tx.auditEvents.append(anAuditEvent(accountId));
        throw new Error('roll back');
      }), /roll back/);
      assert.deepEqual((await store.auditEvents.list(accountId, { limit: 10 })).items, []);
    });
  });
}
