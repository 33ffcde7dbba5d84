import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../../../../test/helpers/postgres.ts';
import { jobQueueContract, leaseOf } from '../../../../test/contracts/job-queue.contract.ts';
import { anAccount, rejectsWith, storeContract } from '../../../../test/contracts/store.contract.ts';
import { recordStoreContract } from '../../../../test/contracts/record-store.contract.ts';
import type { Store } from '../../../app/ports/store.ts';
import { openPostgresStore } from './postgres-store.ts';

const skip = postgresSkipReason();
const databases: TestDatabase[] = [];
after(async () => {
  for (const db of databases) await db.drop();
});

async function freshDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

/** Every contract test gets its own database, dropped when the file is done. */
async function openFresh(): Promise<Store> {
  return openPostgresStore({ url: (await freshDatabase()).url });
}

if (skip) {
  test('PostgreSQL store contract', { skip }, () => {});
} else {
  storeContract('PostgreSQL', openFresh);
  recordStoreContract('PostgreSQL', openFresh);
  jobQueueContract('PostgreSQL', openFresh);

  describe('PostgreSQL specifics', () => {
    test('replicas starting at once on an empty database migrate it once, without errors', async () => {
      const { url } = await freshDatabase();
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ url })));
      try {
        for (const store of stores) assert.deepEqual(await store.health(), { reachable: true, migrationsApplied: true });
        await stores[0]?.accounts.insert(anAccount({ id: 'shared' }));
        assert.ok(await stores[3]?.accounts.get('shared'));
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('replicas with their own pools never run two jobs of one key, and keep FIFO per key', async () => {
      const { url } = await freshDatabase();
      const replicas = await Promise.all(Array.from({ length: 3 }, () => openPostgresStore({ url, maxConnections: 4 })));
      try {
        const ids = new Map<string, string[]>();
        for (let i = 0; i < 40; i++) {
          const key = `k${i % 4}`;
          const { job } = await (replicas[0] as Store).jobs.enqueue({ accountId: 'a', kind: 'w', payload: i, serialKey: key });
          ids.set(key, [...(ids.get(key) ?? []), job.id]);
        }
        const running = new Set<string>();
        const ran = new Map<string, string[]>();
        let overlaps = 0;
        const claimer = async (store: Store, owner: string): Promise<void> => {
          for (let idle = 0; idle < 10; ) {
            const job = await store.jobs.claim(owner, 30_000);
            if (!job) {
              idle++;
              await new Promise((r) => setTimeout(r, 3));
              continue;
            }
            idle = 0;
            const key = job.serialKey ?? '';
            if (running.has(key)) overlaps++;
            running.add(key);
            ran.set(key, [...(ran.get(key) ?? []), job.id]);
            await new Promise((r) => setTimeout(r, 2));
            running.delete(key);
            assert.equal(await store.jobs.complete(leaseOf(job), null), true);
          }
        };
        // Four claimers per replica: their claims run at once on separate pool connections.
        await Promise.all(replicas.flatMap((store, r) => [0, 1, 2, 3].map((c) => claimer(store, `r${r}c${c}`))));
        assert.equal(overlaps, 0);
        assert.deepEqual(ran, ids);
      } finally {
        await Promise.all(replicas.map((s) => s.close()));
      }
    });

    test('the partial unique index is the lock: a claim racing an uncommitted running job of its key gets nothing', async () => {
      const { url } = await freshDatabase();
      const store = await openPostgresStore({ url });
      const intruder = new pg.Client({ connectionString: url });
      await intruder.connect();
      try {
        await store.jobs.enqueue({ accountId: 'a', kind: 'w', payload: 1, serialKey: 'web' });
        // Another replica's claim, in flight: invisible to our NOT EXISTS guard, but it holds the index entry.
        await intruder.query('begin');
        await intruder.query(`insert into jobs (id, account_id, kind, state, serial_key, payload, max_attempts, run_after,
          created_at, updated_at) values ('other', 'a', 'w', 'running', 'web', '{}', 1, 0, 0, 0)`);
        const claim = store.jobs.claim('w1', 30_000);
        await sleep(100);
        await intruder.query('commit');
        assert.equal(await claim, null, 'the unique violation (23505) means "nothing claimed"');
        assert.equal((await store.jobs.countByState()).queued, 1);
      } finally {
        await intruder.end();
        await store.close();
      }
    });

    test('an unreachable server is DATABASE_UNAVAILABLE', async () => {
      await rejectsWith(openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/none' }), 'DATABASE_UNAVAILABLE');
    });

    test('a store whose database was dropped reports itself unreachable, and queries are DATABASE_UNAVAILABLE', async () => {
      const db = await freshDatabase();
      const store = await openPostgresStore({ url: db.url });
      await db.drop(); // `with (force)` terminates the store's connections
      assert.deepEqual(await store.health(), { reachable: false, migrationsApplied: false });
      await rejectsWith(store.accounts.get('x'), 'DATABASE_UNAVAILABLE');
      await store.close();
    });
  });
}
