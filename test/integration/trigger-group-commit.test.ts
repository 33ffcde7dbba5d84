/**
 * Trigger calls share commits (src/app/shared-transaction.ts, used by invoke-trigger.ts) on SQLite and PostgreSQL:
 * each call is answered only after its record and job committed, concurrent calls to one trigger still start one
 * redeploy (the compare-and-set on the trigger's pointer decides inside the shared transaction), and concurrent
 * calls to different triggers each get their own record and job.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, test, type TestContext } from 'node:test';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import type { Store } from '../../src/app/ports/store.ts';
import { DEPLOY_RUN_JOB, type DeployRunPayload } from '../../src/app/records/start-record.ts';
import { invokeTrigger } from '../../src/app/triggers/invoke-trigger.ts';
import { TriggerRateLimiter } from '../../src/app/triggers/trigger-rate-limiter.ts';
import type { Trigger } from '../../src/domain/trigger.ts';
import { anAccount } from '../contracts/store.contract.ts';
import { onSqliteAndPostgres } from '../helpers/every-store.ts';

const NO_HEADERS = { webhookId: undefined, webhookTimestamp: undefined, webhookSignature: undefined };

function groupCommitTests(name: string, open: (t: TestContext) => Promise<Store>): void {
  describe(`trigger calls in shared commits on ${name}`, () => {
    async function setUp(t: TestContext, count: number): Promise<{ deps: AppDeps; accountId: string; triggers: Trigger[] }> {
      const store = await open(t);
      const account = anAccount();
      await store.accounts.insert(account);
      const secrets = new AesGcmSecretBox(randomBytes(32));
      await store.clusters.insert({ id: 'c1', accountId: account.id, name: 'c1', kubeconfigCiphertext: secrets.seal('unused'), server: 'https://127.0.0.1:1', createdAt: 1 });
      const triggers = Array.from({ length: count }, (_, i): Trigger => ({
        id: randomUUID(), accountId: account.id, clusterId: 'c1', ackId: i + 1, name: `web-${i}`, type: 'deployment', namespace: 'default',
        targetName: `web-${i}`, applicationId: null, action: 'redeploy', jti: randomUUID().replaceAll('-', ''), requireSignature: false,
        rateLimitPerMinute: null, createdBy: null, lastRedeployRecordId: null, createdAt: 1, updatedAt: 1,
      }));
      for (const trigger of triggers) await store.triggers.insert(trigger);
      const deps: AppDeps = {
        store, secrets, clock: systemClock, ids: { newId: randomUUID, newOrderedId: randomUUID }, kube: createKubeConnector(), registry: new OciRegistryClient(), webhooks: webhookParsers,
      };
      return { deps, accountId: account.id, triggers };
    }

    const call = (deps: AppDeps, limiter: TriggerRateLimiter, trigger: Trigger) =>
      invokeTrigger(deps, limiter, { claims: { clusterId: trigger.clusterId, id: String(trigger.ackId), jti: trigger.jti }, rawBody: Buffer.alloc(0), headers: NO_HEADERS });

    test('concurrent calls to one trigger start one redeploy and all name it', async (t) => {
      const { deps, accountId, triggers: [trigger] } = await setUp(t, 1);
      const results = await Promise.all(Array.from({ length: 20 }, () => call(deps, new TriggerRateLimiter(), trigger!)));
      assert.equal(new Set(results.map((r) => r.recordId)).size, 1);
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(await deps.store.records.count(accountId, {}), 1);
      const jobs = await deps.store.jobs.list(accountId, { kind: DEPLOY_RUN_JOB, limit: 50 });
      assert.deepEqual(jobs.map((j) => (j.payload as DeployRunPayload).recordId), [results[0]!.recordId]);
    });

    test('concurrent calls to different triggers each commit their own record and job before they are answered', async (t) => {
      const { deps, accountId, triggers } = await setUp(t, 30);
      const limiter = new TriggerRateLimiter();
      const results = await Promise.all(triggers.map(async (trigger) => {
        const result = await call(deps, limiter, trigger);
        // Answered means committed: the record is readable outside the call's transaction, queued, and the
        // trigger points at it.
        assert.equal((await deps.store.records.get(accountId, result.recordId))?.state, 'queued');
        assert.equal((await deps.store.triggers.findForCall(trigger.jti))?.trigger.lastRedeployRecordId, result.recordId);
        return result;
      }));
      assert.ok(results.every((r) => r.created));
      assert.equal(new Set(results.map((r) => r.recordId)).size, 30);
      const jobs = await deps.store.jobs.list(accountId, { kind: DEPLOY_RUN_JOB, limit: 50 });
      assert.deepEqual(jobs.map((j) => (j.payload as DeployRunPayload).recordId).sort(), results.map((r) => r.recordId).sort());
    });
  });
}

onSqliteAndPostgres(groupCommitTests, 'trigger calls in shared commits on PostgreSQL');
