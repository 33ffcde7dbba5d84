/**
 * armRecordSweepIn (src/app/records/record-sweep.ts): inside one transaction the sweep is armed once, however many
 * records the transaction starts; every new transaction arms again, and a failed arm is not remembered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import type { StoreRepos } from '../../src/app/ports/store.ts';
import { armRecordSweepIn, DEPLOY_SWEEP_JOB } from '../../src/app/records/record-sweep.ts';
import { anAccount } from '../contracts/store.contract.ts';

/** `tx` with its job enqueues counted. */
function counting(tx: StoreRepos): { tx: Pick<StoreRepos, 'jobs'>; enqueues: () => number } {
  let enqueues = 0;
  const jobs: StoreRepos['jobs'] = Object.create(tx.jobs, {
    enqueue: { value: (job: Parameters<StoreRepos['jobs']['enqueue']>[0]) => { enqueues++; return tx.jobs.enqueue(job); } },
  });
  return { tx: { jobs }, enqueues: () => enqueues };
}

test('a transaction arms the sweep once; the next transaction arms it again; one queued sweep job either way', async (t) => {
  const store = await openSqliteStore({ file: ':memory:' });
  t.after(() => store.close());
  const account = anAccount();
  await store.accounts.insert(account);
  for (let round = 0; round < 2; round++) {
    const enqueues = await store.transaction(async (repos) => {
      const { tx, enqueues } = counting(repos);
      for (let i = 0; i < 5; i++) await armRecordSweepIn(tx, account.id);
      return enqueues();
    });
    assert.equal(enqueues, 1, `round ${round}`);
  }
  const sweeps = await store.jobs.list(account.id, { kind: DEPLOY_SWEEP_JOB, limit: 10 });
  assert.equal(sweeps.filter((j) => j.state === 'queued').length, 1);
});

test('an arm that failed is tried again by the next call in the same transaction', async () => {
  let calls = 0;
  const jobs = {
    enqueue: async () => {
      calls++;
      if (calls === 1) throw new Error('database is locked');
      return { job: {} as never, created: true };
    },
  } as unknown as StoreRepos['jobs'];
  await assert.rejects(armRecordSweepIn({ jobs }, 'acct'), /locked/);
  await armRecordSweepIn({ jobs }, 'acct');
  await armRecordSweepIn({ jobs }, 'acct');
  assert.equal(calls, 2);
});
