/**
 * Deploy records across crashes: a re-run attempt resumes without writing twice (Q6), transient failures retry
 * until the job runs out of attempts and then fail the record, and records whose job died are swept to failed.
 * The attempts are driven through the use case with the state a crashed attempt leaves behind.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { registerCluster } from '../../src/app/clusters/register-cluster.ts';
import { randomUUID } from 'node:crypto';
import { LOST_RUN_TEXT } from '../../src/app/hooks/finish-lost-hook-runs.ts';
import { noHookPhase } from '../helpers/no-hook-phase.ts';
import { DEPLOY_SWEEP_JOB, failOrphanedRecords, ORPHANED_TEXT, sweepRecords } from '../../src/app/records/record-sweep.ts';
import { runDeployRecord, type DeployRunJob } from '../../src/app/records/run-deploy-record.ts';
import { DEPLOY_RUN_JOB } from '../../src/app/records/start-record.ts';
import type { DeployRecord, DeployStep } from '../../src/domain/deploy-record.ts';
import type { Job } from '../../src/domain/job.ts';
import { deploymentManifest } from '../kube-api-server/index.ts';
import { annotations, CLUSTER, NS, recordsFixture, type RecordsFixture } from './deploy-records-fixture.ts';
import { DEPLOY_ID_ANNOTATION } from '../../src/app/ports/kube-gateway.ts';

function attempt(record: DeployRecord, n = 2, extra: Partial<DeployRunJob> = {}): DeployRunJob {
  return { accountId: record.accountId, recordId: record.id, signal: new AbortController().signal, heartbeat: async () => true, attempt: n, maxAttempts: 5, ...extra };
}

describe('deploy records after a crash', () => {
  let f: RecordsFixture;
  before(async () => {
    f = await recordsFixture({ worker: false });
    for (const name of ['alpha', 'beta']) f.kube.apply(deploymentManifest({ namespace: NS, name }));
    await f.kube.settle();
  });
  after(() => f.close());

  const patchesTo = (name: string) => f.kube.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/deployments/${name}`)).length;
  const restart = (name: string): DeployStep => ({ type: 'restart', name: `restart ${name}`, target: { clusterId: CLUSTER, workload: f.ref('Deployment', name) } });
  const gateway = () => f.deps.kube.connect(f.kube.kubeconfig);
  const markRunning = (record: DeployRecord) => f.deps.store.records.update(record.accountId, record.id, { state: 'running', startedAt: record.createdAt, updatedAt: record.createdAt }, ['queued']);

  test('a write that landed before the crash is not sent again; it is recorded and its rollout followed', async () => {
    const record = await f.start([restart('alpha')]);
    await markRunning(record);
    await gateway().restart(f.ref('Deployment', 'alpha'), `${record.id}-0`); // the crashed attempt's write
    const before = patchesTo('alpha');

    const outcome = await runDeployRecord(f.deps, attempt(record), noHookPhase);
    assert.deepEqual(outcome, { ok: true, state: 'succeeded' });
    assert.equal(patchesTo('alpha'), before, 'no second write');
    const changes = await f.deps.store.records.changes(record.id);
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0]?.before, {}, 'the template before the crashed write was not captured');
    assert.equal(annotations(changes[0]?.after ?? {})[DEPLOY_ID_ANNOTATION], `${record.id}-0`);
  });

  test('a write already recorded is neither sent nor recorded again, and finished steps are skipped', async () => {
    const record = await f.start([restart('alpha'), restart('beta')]);
    await markRunning(record);
    // First attempt: step 1 done, step 2 written and recorded, then the process died.
    await f.deps.store.records.update(record.accountId, record.id, {
      steps: [{ ...record.steps[0]!, state: 'succeeded' }, { ...record.steps[1]!, state: 'running' }], updatedAt: Date.now(),
    });
    const beta = f.ref('Deployment', 'beta');
    const templateBefore = (await gateway().captureTemplate(beta)).template;
    await gateway().restart(beta, `${record.id}-1`);
    await f.deps.store.records.addChange({ recordId: record.id, stepIndex: 1, clusterId: CLUSTER, workload: beta, before: templateBefore, after: (await gateway().captureTemplate(beta)).template, at: Date.now() });
    const [alphaBefore, betaBefore] = [patchesTo('alpha'), patchesTo('beta')];

    const outcome = await runDeployRecord(f.deps, attempt(record), noHookPhase);
    assert.deepEqual(outcome, { ok: true, state: 'succeeded' });
    assert.equal(patchesTo('alpha'), alphaBefore, 'step 1 finished before the crash');
    assert.equal(patchesTo('beta'), betaBefore, 'step 2 wrote before the crash');
    assert.equal((await f.deps.store.records.changes(record.id)).length, 1);
    const done = await f.deps.store.records.get(record.accountId, record.id);
    assert.deepEqual(done?.steps.map((s) => s.state), ['succeeded', 'succeeded']);
  });

  test('a lost lease stops the attempt before its write and leaves the record to the next attempt', async () => {
    const record = await f.start([restart('alpha')]);
    const before = patchesTo('alpha');
    const outcome = await runDeployRecord(f.deps, attempt(record, 1, { heartbeat: async () => false }), noHookPhase);
    assert.equal(outcome.ok, false);
    assert.equal(!outcome.ok && outcome.retryable, true);
    assert.equal(patchesTo('alpha'), before);
    assert.equal((await f.deps.store.records.get(record.accountId, record.id))?.state, 'running');
    assert.deepEqual(await runDeployRecord(f.deps, attempt(record, 2), noHookPhase), { ok: true, state: 'succeeded' });
  });

  test('a final record is left alone', async () => {
    const record = await f.start([restart('alpha')]);
    await runDeployRecord(f.deps, attempt(record, 1), noHookPhase);
    const before = patchesTo('alpha');
    assert.deepEqual(await runDeployRecord(f.deps, attempt(record, 2), noHookPhase), { ok: true, state: 'succeeded' });
    assert.equal(patchesTo('alpha'), before);
  });

  test('an unreachable cluster retries while attempts remain, then fails the record', async () => {
    const dead = f.kube.kubeconfig.replace(f.kube.url, 'http://127.0.0.1:1');
    await registerCluster(f.deps, { accountId: f.accountId, id: 'dead', name: 'dead', kubeconfig: dead });
    const record = await f.start([{ type: 'restart', name: 'restart far', target: { clusterId: 'dead', workload: f.ref('Deployment', 'far') } }]);
    const early = await runDeployRecord(f.deps, attempt(record, 4), noHookPhase);
    assert.equal(early.ok, false);
    assert.equal(!early.ok && early.retryable, true);
    assert.match(!early.ok ? early.error : '', /KUBE_UNAVAILABLE|unreachable/);
    assert.equal((await f.deps.store.records.get(record.accountId, record.id))?.state, 'running');

    const last = await runDeployRecord(f.deps, attempt(record, 5), noHookPhase);
    assert.equal(last.ok, false);
    assert.equal(!last.ok && last.retryable, false);
    const failed = await f.deps.store.records.get(record.accountId, record.id);
    assert.equal(failed?.state, 'failed');
    assert.match(failed?.error ?? '', /^Step 1 "restart far" failed: Kubernetes API is unreachable .* \(gave up after 5 attempts\)$/);
    assert.deepEqual(failed?.steps.map((s) => s.state), ['failed']);
  });

  test('a record whose job died (reaped out of attempts) is swept to failed; live ones are not', async () => {
    const orphan = await f.start([restart('alpha')]);
    const live = await f.start([restart('beta')]);
    const claimed = await claimJobOf(f, orphan.id);
    assert.ok(await f.deps.store.jobs.fail({ id: claimed.id, owner: 'gone', fence: claimed.fence }, 'lease expired: the worker stopped heartbeating', null));
    // The lost worker was inside a pre hook when it died: the run was left `running`.
    const lostRun = await f.deps.store.hookRuns.insert({
      id: randomUUID(), accountId: orphan.accountId, recordId: orphan.id, operationId: null, executionHookId: randomUUID(), hookName: 'drain',
      hookType: 'custom', applicationId: randomUUID(), action: 'redeploy', stage: 'pre', failureMode: 'soft', arguments: [], namespace: NS,
      podName: 'alpha-1', containerName: 'app', containerImage: 'nginx', state: 'running', exitCode: null, message: null, stdoutTail: 'draining…',
      stderrTail: '', startedAt: Date.now() - 1_000, finishedAt: null, durationMs: null, createdAt: Date.now() - 1_000,
    });

    assert.equal(await failOrphanedRecords(f.deps), 1);
    const swept = await f.deps.store.records.get(orphan.accountId, orphan.id);
    assert.equal(swept?.state, 'failed');
    assert.equal(swept?.error, ORPHANED_TEXT);
    assert.deepEqual(swept?.steps.map((s) => s.state), ['skipped']);
    const run = await f.deps.store.hookRuns.get(orphan.accountId, lostRun.id);
    assert.equal(run?.state, 'failed', 'nothing under a finished record stays running');
    assert.equal(run?.message, LOST_RUN_TEXT);
    assert.equal(run?.stdoutTail, 'draining…');
    assert.equal((await f.deps.store.records.get(live.accountId, live.id))?.state, 'queued');

    const sweeps = (await f.deps.store.jobs.list(f.accountId, { kind: DEPLOY_SWEEP_JOB, limit: 10 })).filter((j) => j.state === 'queued');
    assert.equal(sweeps.length, 1, 'starting records armed exactly one sweep');
    assert.ok(sweeps[0]!.runAfter > Date.now() + 30_000, 'a minute out');
    const result = await sweepRecords(f.deps, f.accountId);
    assert.equal(result.failed, 0);
    assert.ok(result.active >= 1);
  });
});

describe('deploy records with a worker: out of attempts', () => {
  let f: RecordsFixture;
  before(async () => {
    f = await recordsFixture();
  });
  after(() => f.close());

  test('a job that keeps failing transiently ends failed, and so does its record', async () => {
    const dead = f.kube.kubeconfig.replace(f.kube.url, 'http://127.0.0.1:1');
    await registerCluster(f.deps, { accountId: f.accountId, id: 'dead', name: 'dead', kubeconfig: dead });
    const record = await f.start([{ type: 'restart', name: 'restart far', target: { clusterId: 'dead', workload: f.ref('Deployment', 'far') } }]);
    const done = await f.settled(record.id, 20_000);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /gave up after 5 attempts/);
    const job = (await f.deps.store.jobs.list(f.accountId, { kind: DEPLOY_RUN_JOB, limit: 5 })).find((j) => (j.payload as { recordId: string }).recordId === record.id);
    assert.equal(job?.state, 'failed');
    assert.equal(job?.attempts, 5);
  });
});

async function claimJobOf(f: RecordsFixture, recordId: string): Promise<Job> {
  const others: Job[] = [];
  try {
    for (;;) {
      const job = await f.deps.store.jobs.claim('gone', 60_000, [DEPLOY_RUN_JOB]);
      assert.ok(job, 'a deploy.run job to claim');
      if ((job.payload as { recordId: string }).recordId === recordId) return job;
      others.push(job);
    }
  } finally {
    for (const job of others) await f.deps.store.jobs.release({ id: job.id, owner: 'gone', fence: job.fence });
  }
}
