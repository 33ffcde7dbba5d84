/**
 * An application snapshot whose job died never stays `running`: its worker is lost on the last attempt, the reaper
 * fails the job (here: the real reaper, leases of 1 ms, until the job is out of attempts), the handler never runs
 * again, and the `deploy.sweep` job — armed by the snapshot's own transaction — fails the operation with the
 * reason in stateUnready, hookState and hookStateDetails. On SQLite and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import { failAppSnapshot } from '../../src/app/hooks/fail-app-snapshot.ts';
import { LOST_RUN_TEXT } from '../../src/app/hooks/finish-lost-hook-runs.ts';
import { ORPHANED_OPERATION_TEXT } from '../../src/app/hooks/fail-orphaned-operations.ts';
import { APP_SNAPSHOT_JOB, startAppSnapshot } from '../../src/app/hooks/start-app-snapshot.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { DEPLOY_SWEEP_JOB, sweepRecords } from '../../src/app/records/record-sweep.ts';
import type { HookRun } from '../../src/domain/hook-run.ts';
import { aSeededApplication } from '../contracts/store.contract.ts';
import { createTestDatabase, postgresSkipReason, type TestDatabase } from '../helpers/postgres.ts';

const databases: TestDatabase[] = [];
after(async () => {
  for (const db of databases) await db.drop();
});

function aRun(op: { accountId: string; id: string; applicationId: string }, stage: 'pre' | 'post', state: HookRun['state']): Omit<HookRun, 'seq'> {
  const now = Date.now();
  return {
    id: randomIds.newId(), accountId: op.accountId, recordId: null, operationId: op.id, executionHookId: 'hook-1', hookName: `${stage}-freeze`,
    hookType: 'custom', applicationId: op.applicationId, action: 'snapshot', stage, failureMode: 'soft', arguments: ['freeze'],
    namespace: 'shop', podName: 'db-0', containerName: 'db', containerImage: 'mariadb:11', state,
    exitCode: state === 'succeeded' ? 0 : null, message: null, stdoutTail: 'flushing', stderrTail: '', startedAt: now - 50,
    finishedAt: state === 'running' ? null : now, durationMs: state === 'running' ? null : 50, createdAt: now - 50,
  };
}

/** Real adapters; nothing here reaches a cluster or a registry. */
function depsOver(store: Store): AppDeps {
  return {
    store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds,
    kube: createKubeConnector({ requestTimeoutMs: 1_000 }), registry: new OciRegistryClient({ timeoutMs: 1_000 }), webhooks: webhookParsers,
  };
}

function sweepSuite(name: string, open: () => Promise<Store>, skip: string | false = false): void {
  describe(`app snapshot sweep: ${name}`, { skip }, () => {
    test('an operation whose job the reaper failed is failed by the sweep, with hookState and details saying why', async (t) => {
      const store = await open();
      t.after(() => store.close());
      const deps = depsOver(store);
      const { account, app } = await aSeededApplication(store);
      const snap = () => startAppSnapshot(deps, { accountId: account.id, applicationId: app.id, schemaVersion: '1.3', createdBy: null });

      const orphan = await snap();
      const live = await snap();
      const sweeps = (await store.jobs.list(account.id, { kind: DEPLOY_SWEEP_JOB, limit: 10 })).filter((j) => j.state === 'queued');
      assert.equal(sweeps.length, 1, 'starting snapshots armed exactly one sweep (no deploy record exists)');

      // The orphan's worker took the job, ran one pre hook, died in the middle of the second, on every attempt; the
      // reaper requeued the job until it ran out of attempts and then failed it. The handler never ran again.
      let attempts = 0;
      for (;;) {
        const job = await store.jobs.claim('lost-worker', 1, [APP_SNAPSHOT_JOB]);
        assert.ok(job, 'the orphan job is claimable');
        assert.equal((job.payload as { operationId: string }).operationId, orphan.id, 'FIFO within the application: the orphan first');
        attempts++;
        if (attempts === 1) {
          await store.protectionOperations.update(account.id, orphan.id, { state: 'running', startedAt: Date.now(), updatedAt: Date.now() }, ['pending']);
          await store.hookRuns.insert(aRun(orphan, 'pre', 'succeeded'));
          await store.hookRuns.insert(aRun(orphan, 'pre', 'running'));
        }
        await sleep(5);
        assert.equal(await store.jobs.reapExpired(), 1);
        const reaped = await store.jobs.get(job.id);
        if (reaped?.state === 'failed') break;
        assert.equal(reaped?.state, 'queued');
      }
      assert.equal(attempts, 3);
      assert.equal((await store.protectionOperations.get(account.id, orphan.id))?.state, 'running', 'nothing else would ever move it');

      const result = await sweepRecords(deps, account.id);
      assert.deepEqual(result, { failed: 0, active: 0, failedOperations: 1, activeOperations: 1 });
      const swept = await store.protectionOperations.get(account.id, orphan.id);
      assert.equal(swept?.state, 'failed');
      assert.deepEqual(swept?.stateUnready, [ORPHANED_OPERATION_TEXT]);
      assert.ok(swept?.finishedAt);
      assert.equal(swept?.hookState, 'failed');
      const [why, lost, ...rest] = swept?.hookStateDetails ?? [];
      assert.equal(rest.length, 0, 'the run that succeeded is no detail');
      assert.equal(why?.type, 'https://capstan.dev/problems/operation-abandoned');
      assert.ok((why?.title.length ?? 99) <= 40);
      assert.match(why?.detail ?? '', /2 pre-snapshot hook run\(s\) happened but no post-snapshot hook ran/);
      assert.ok(why?.detail.includes(ORPHANED_OPERATION_TEXT));
      assert.deepEqual(why?.additionalDetails, { preHookRuns: '2', postHookRuns: '0' });
      assert.equal(lost?.type, 'https://capstan.dev/problems/hook-failed');
      assert.equal(lost?.additionalDetails['returnCode'], 'N/A');

      const runs = await store.hookRuns.allFor(account.id, { operationId: orphan.id });
      assert.deepEqual(runs.map((r) => r.state), ['succeeded', 'failed'], 'the run its worker left running is finished');
      assert.equal(runs[1]?.message, LOST_RUN_TEXT);
      assert.equal(lost?.additionalDetails['hookRunID'], runs[1]?.id);
      assert.equal(runs[1]?.stdoutTail, 'flushing', 'what it had printed stays');

      assert.equal((await store.protectionOperations.get(account.id, live.id))?.state, 'pending', 'a snapshot whose job is still queued is left alone');
      const armed = (await store.jobs.list(account.id, { kind: DEPLOY_SWEEP_JOB, limit: 10 })).filter((j) => j.state === 'queued');
      assert.equal(armed.length, 1, 'the sweep stays armed while a snapshot is active');

      assert.deepEqual(await sweepRecords(deps, account.id), { failed: 0, active: 0, failedOperations: 0, activeOperations: 1 }, 'a second sweep finds nothing new');
      assert.deepEqual((await store.protectionOperations.get(account.id, orphan.id))?.updatedAt, swept?.updatedAt);
    });

    test('the handler giving up on its last attempt fails the operation the same way; a finished one is left alone', async (t) => {
      const store = await open();
      t.after(() => store.close());
      const deps = depsOver(store);
      const { account, app } = await aSeededApplication(store);
      const op = await startAppSnapshot(deps, { accountId: account.id, applicationId: app.id, schemaVersion: '1.3', createdBy: null });
      const payload = { accountId: account.id, operationId: op.id };
      assert.equal(await failAppSnapshot(deps, payload, 'gave up after 3 attempts: the database is unavailable'), true);
      const failed = await store.protectionOperations.get(account.id, op.id);
      assert.equal(failed?.state, 'failed');
      assert.equal(failed?.hookState, 'failed');
      assert.deepEqual(failed?.stateUnready, ['gave up after 3 attempts: the database is unavailable']);
      assert.equal(failed?.hookStateDetails.length, 1);
      assert.match(failed?.hookStateDetails[0]?.detail ?? '', /gave up after 3 attempts.*the hooks it had not run yet never ran/);
      assert.equal(await failAppSnapshot(deps, payload, 'again'), false, 'a failed operation stays as it is');
      assert.deepEqual((await store.protectionOperations.get(account.id, op.id))?.stateUnready, failed?.stateUnready);
    });
  });
}

sweepSuite('SQLite', () => openSqliteStore({ file: ':memory:' }));
const skip = postgresSkipReason();
sweepSuite('PostgreSQL', async () => {
  const db = await createTestDatabase();
  databases.push(db);
  return openPostgresStore({ url: db.url });
}, skip);
