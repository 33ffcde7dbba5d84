/**
 * A real Capstan core for deploy-record tests: in-memory SQLite, the real KubeGateway (fast retry budget) against
 * the loopback Kubernetes API server, and a real Worker running every registered job handler. Nothing of ours is
 * faked; the hook runner is a port and tests may pass their own.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AesGcmSecretBox } from '../../src/adapters/crypto/aes-gcm-secret-box.ts';
import { createKubeConnector } from '../../src/adapters/kube/kube-connector.ts';
import { OciRegistryClient } from '../../src/adapters/registry/oci-registry-client.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { webhookParsers } from '../../src/adapters/webhooks/senders.ts';
import { bootstrap } from '../../src/app/accounts/bootstrap.ts';
import { registerCluster } from '../../src/app/clusters/register-cluster.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { systemClock } from '../../src/app/ports/clock.ts';
import { randomIds } from '../../src/app/ports/id-source.ts';
import type { HookPhaseRunner } from '../../src/app/records/hook-phase.ts';
import { startRecord, type NewRecord } from '../../src/app/records/start-record.ts';
import { FINAL_RECORD_STATES, type DeployRecord, type DeployStep } from '../../src/domain/deploy-record.ts';
import type { WorkloadKind, WorkloadRef } from '../../src/domain/workload.ts';
import { noHookPhase } from '../helpers/no-hook-phase.ts';
import { DEPLOY_RUN_JOB, DEPLOY_SWEEP_JOB, deployRunHandler, recordSweepHandler } from '../../src/worker/deploy-record-handlers.ts';
import { Worker } from '../../src/worker/worker.ts';
import { silentLogger } from '../../src/worker/worker-logger.ts';
import { startKubeApiServer, type KubeApiServer } from '../kube-api-server/index.ts';

export const NS = 'shop';
export const CLUSTER = 'loop';

export interface RecordsFixture {
  readonly deps: AppDeps;
  readonly accountId: string;
  readonly kube: KubeApiServer;
  /** Writes a record (and its job) the way every family does. */
  start(plan: readonly DeployStep[], extra?: Partial<NewRecord>): Promise<DeployRecord>;
  /** Polls until the record is final. */
  settled(id: string, timeoutMs?: number): Promise<DeployRecord>;
  ref(kind: WorkloadKind, name: string): WorkloadRef;
  /** The live object's pod template. */
  template(kind: WorkloadKind, name: string): Record<string, unknown>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Start a worker (default true). */
  readonly worker?: boolean;
  readonly hooks?: HookPhaseRunner;
  readonly kube?: Parameters<typeof startKubeApiServer>[0];
}

export async function recordsFixture(options: FixtureOptions = {}): Promise<RecordsFixture> {
  const kube = await startKubeApiServer({ rolloutStepMs: 10, progressDeadlineScale: 0.002, ...options.kube });
  kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  const store = await openSqliteStore({ file: ':memory:' });
  const deps: AppDeps = {
    store, secrets: new AesGcmSecretBox(randomBytes(32)), clock: systemClock, ids: randomIds,
    kube: createKubeConnector({ requestTimeoutMs: 2_000, retry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 } }),
    registry: new OciRegistryClient({ timeoutMs: 1_000 }), webhooks: webhookParsers,
  };
  const { account } = await bootstrap(deps, 'fixture-admin-token-0123456789abcdef');
  await registerCluster(deps, { accountId: account.id, id: CLUSTER, name: 'loopback', kubeconfig: kube.kubeconfig });
  const worker = options.worker === false ? null : new Worker({
    queue: store.jobs, handlers: new Map([[DEPLOY_RUN_JOB, deployRunHandler(deps, options.hooks ?? noHookPhase)], [DEPLOY_SWEEP_JOB, recordSweepHandler(deps)]]), owner: `fixture-${randomIds.newId().slice(0, 8)}`,
    concurrency: 4, leaseMs: 10_000, pollMs: 10, retryBaseMs: 20, retryCapMs: 100, logger: silentLogger,
  });
  worker?.start();
  const typeFor = (kind: WorkloadKind) => ({ kind, apiVersion: 'apps/v1' });
  return {
    deps, accountId: account.id, kube,
    start: (plan, extra = {}) => store.transaction(async (tx) => (await startRecord(deps, tx, {
      accountId: account.id, type: 'deploy', origin: 'api', hookAction: 'deploy', plan, createdBy: { tokenId: 't', name: 'test' },
      timeoutMs: 30_000, serialKey: `test/${randomIds.newId()}`, ...extra,
    })).record),
    async settled(id, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const record = await store.records.get(account.id, id);
        assert.ok(record, `record ${id} exists`);
        if (FINAL_RECORD_STATES.has(record.state)) return record;
        assert.ok(Date.now() < deadline, `record ${id} still ${record.state}: ${JSON.stringify(record.steps)}`);
        await sleep(20);
      }
    },
    ref: (kind, name) => ({ namespace: NS, kind, name }),
    template(kind, name) {
      const { apiVersion } = typeFor(kind);
      const obj = kube.get(apiVersion, kind, NS, name) as { spec: { template: Record<string, unknown> } } | undefined;
      assert.ok(obj, `${kind} ${name} exists`);
      return obj.spec.template;
    },
    async close() {
      await worker?.stop({ graceMs: 2_000 });
      await store.close();
      await kube.close();
    },
  };
}

/** The images of a pod template's containers, by name. */
export function images(template: Record<string, unknown>): Record<string, string> {
  const containers = ((template['spec'] as { containers?: { name: string; image: string }[] } | undefined)?.containers) ?? [];
  return Object.fromEntries(containers.map((c) => [c.name, c.image]));
}

export function annotations(template: Record<string, unknown>): Record<string, string> {
  return ((template['metadata'] as { annotations?: Record<string, string> } | undefined)?.annotations) ?? {};
}
