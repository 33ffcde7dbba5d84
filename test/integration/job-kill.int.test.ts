/**
 * T1/T6 on PostgreSQL: two worker processes share the queue, one is SIGKILLed mid-job, the other carries on.
 * Afterwards every job has succeeded exactly once, and no serial key ever ran two executions at the same time
 * (judged from the executions the handlers recorded, by the database clock).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { createTestDatabase, postgresSkipReason } from '../helpers/postgres.ts';
import { CREATE_RUNS_TABLE, KILL_TEST_KIND } from './fixtures/worker-process.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'worker-process.ts');
const KEYS = ['web', 'api', 'cart', 'search', 'mail', 'auth'];
const JOBS = 60;

interface Run {
  job_id: string;
  serial_key: string;
  owner: string;
  fence: number;
  started_at: number;
  ended_at: number | null;
}

function startWorker(url: string, owner: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [FIXTURE, url, owner], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker ${owner} exited early with ${code}`)));
  });
  return { child, ready };
}

async function enqueueAll(store: Store): Promise<void> {
  for (let i = 0; i < JOBS; i++) {
    const serialKey = KEYS[i % KEYS.length] ?? 'web';
    const first = await store.jobs.enqueue({ accountId: 'kill', kind: KILL_TEST_KIND, payload: { i }, serialKey, dedupeKey: `job-${i}` });
    assert.equal(first.created, true);
    if (i % 6 === 0) {
      const again = await store.jobs.enqueue({ accountId: 'kill', kind: KILL_TEST_KIND, payload: { i }, serialKey, dedupeKey: `job-${i}` });
      assert.deepEqual([again.created, again.job.id], [false, first.job.id]);
    }
  }
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** For each serial key, every execution ends (or was killed) before the next one starts. */
function assertNoOverlap(runs: readonly Run[], killedOwner: string, killedAt: number): void {
  for (const key of KEYS) {
    const ofKey = runs.filter((r) => r.serial_key === key).sort((a, b) => a.started_at - b.started_at);
    for (let i = 1; i < ofKey.length; i++) {
      const prev = ofKey[i - 1] as Run;
      const next = ofKey[i] as Run;
      const prevEnd = prev.ended_at ?? (prev.owner === killedOwner ? killedAt : Number.POSITIVE_INFINITY);
      assert.ok(prevEnd <= next.started_at, `key ${key}: job ${next.job_id} started while ${prev.job_id} was still running`);
    }
  }
}

test('a worker killed mid-job loses nothing and no serial key ever runs twice at once', { skip: postgresSkipReason(), timeout: 30_000 }, async (t) => {
  const database = await createTestDatabase();
  const store = await openPostgresStore({ url: database.url });
  const sql = new pg.Pool({ connectionString: database.url, max: 2 });
  const workers: ChildProcess[] = [];
  t.after(async () => {
    for (const child of workers) child.kill('SIGKILL');
    await sql.end();
    await store.close();
    await database.drop();
  });
  await sql.query(CREATE_RUNS_TABLE);
  await enqueueAll(store);
  const victim = startWorker(database.url, 'victim');
  const survivor = startWorker(database.url, 'survivor');
  workers.push(victim.child, survivor.child);
  await Promise.all([victim.ready, survivor.ready]);

  await waitFor('the victim to be mid-job', async () =>
    (await sql.query(`select 1 from kill_test_runs where owner = 'victim' and ended_at is null`)).rowCount !== 0, 10_000);
  victim.child.kill('SIGKILL');
  await once(victim.child, 'exit');
  const killedAt = Number((await sql.query(`select (extract(epoch from clock_timestamp()) * 1000)::bigint as now`)).rows[0].now);

  await waitFor('every job to succeed', async () => (await store.jobs.countByState()).succeeded === JOBS, 25_000);
  survivor.child.kill('SIGTERM');
  assert.deepEqual(await once(survivor.child, 'exit'), [0, null], 'the survivor stops gracefully');

  const counts = await store.jobs.countByState();
  assert.deepEqual(counts, { queued: 0, running: 0, succeeded: JOBS, failed: 0, cancelled: 0 });
  const jobs = await store.jobs.list('kill', { limit: 500 });
  assert.equal(new Set(jobs.map((j) => j.dedupeKey)).size, JOBS, 'one job per dedupe key');

  const runs = (await sql.query<Run>('select * from kill_test_runs')).rows.map((r) => ({ ...r, fence: Number(r.fence), started_at: Number(r.started_at), ended_at: r.ended_at === null ? null : Number(r.ended_at) }));
  const interrupted = runs.filter((r) => r.ended_at === null);
  assert.ok(interrupted.length > 0, 'the victim was killed mid-job');
  assert.ok(interrupted.every((r) => r.owner === 'victim'), 'only the killed process left executions unfinished');
  for (const job of jobs) {
    // The execution that completed the job is the one holding its final lease (owner and fence).
    const completing = runs.filter((r) => r.job_id === job.id && r.owner === job.leaseOwner && r.fence === job.fence && r.ended_at !== null);
    assert.equal(completing.length, 1, `job ${job.dedupeKey} completed exactly once`);
  }
  const rerun = jobs.filter((j) => interrupted.some((r) => r.job_id === j.id));
  assert.ok(rerun.every((j) => j.leaseOwner === 'survivor' && j.attempts >= 2), 'the killed jobs were re-run by the survivor');
  assertNoOverlap(runs, 'victim', killedAt);
});
