// The KubeGateway contract against a real cluster, when CAPSTAN_TEST_KUBECONFIG names a kubeconfig file (kind, k3d,
// or any cluster ≥ 1.30, whose API server speaks the v5 exec protocol that stdin needs). Everything happens in a
// throwaway namespace `capstan-test-<random>` that the suite creates and deletes. Images are busybox-like (they
// need /bin/sh); override with CAPSTAN_TEST_IMAGE_V1 / CAPSTAN_TEST_IMAGE_V2 for mirrors. Set
// CAPSTAN_TEST_SNAPSHOTS=1 on clusters with a default StorageClass and VolumeSnapshotClass (CSI snapshots).
// Fault injection cannot be done against a real API server; those tests skip with the reason printed, and run
// against the loopback server (kube-gateway.test.ts).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { parse, stringify } from 'yaml';
import { createKubeGateway } from '../../src/adapters/kube/client-node-gateway.ts';
import { parseKubeconfig } from '../../src/adapters/kube/kubeconfig.ts';
import type { KubeGateway, WorkloadRef } from '../../src/app/ports/kube-gateway.ts';
import { kubeGatewayContract, type KubeGatewayFixture, type WorkloadSpec } from '../contracts/kube-gateway.contract.ts';

const kubeconfigPath = process.env['CAPSTAN_TEST_KUBECONFIG'];
const skipReason = whyNotRunnable(kubeconfigPath);

if (skipReason !== null) {
  console.log(`# skipped: KubeGateway contract on a real cluster: ${skipReason}`);
  test('KubeGateway contract: real cluster', { skip: skipReason }, () => {});
} else {
  kubeGatewayContract('real cluster', () => realClusterFixture(readFileSync(kubeconfigPath as string, 'utf8')));
}

function whyNotRunnable(path: string | undefined): string | null {
  if (!path) return 'CAPSTAN_TEST_KUBECONFIG is not set';
  try {
    parseKubeconfig(readFileSync(path, 'utf8'));
    return null;
  } catch (error) {
    return `the kubeconfig in CAPSTAN_TEST_KUBECONFIG is not usable by Capstan: ${(error as { detail?: string }).detail ?? String(error)}`;
  }
}

async function realClusterFixture(kubeconfig: string): Promise<KubeGatewayFixture> {
  const kc = new KubeConfig();
  kc.loadFromString(kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const namespace = `capstan-test-${randomBytes(4).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'capstan-tests' } } } });
  const gateway = createKubeGateway(kubeconfig);
  const images = {
    v1: process.env['CAPSTAN_TEST_IMAGE_V1'] ?? 'busybox:1.36',
    v2: process.env['CAPSTAN_TEST_IMAGE_V2'] ?? 'busybox:1.37',
    failing: 'registry.invalid/capstan-test/fail:1',
  };
  return {
    gateway,
    namespace,
    images,
    createWorkload: async (spec) => {
      for (const claim of spec.claims ?? []) await createClaim(core, namespace, claim);
      const ref: WorkloadRef = { namespace, kind: spec.kind, name: spec.name };
      const body = manifestFor(namespace, spec);
      if (spec.kind === 'Deployment') await apps.createNamespacedDeployment({ namespace, body });
      else if (spec.kind === 'StatefulSet') await apps.createNamespacedStatefulSet({ namespace, body });
      else await apps.createNamespacedDaemonSet({ namespace, body });
      // Paused Deployments do not roll and OnDelete StatefulSets cannot be waited for (K11).
      if (!spec.paused && spec.updateStrategy !== 'OnDelete') await waitReady(gateway, ref);
      return ref;
    },
    removeWorkload: async (ref) => {
      const request = { name: ref.name, namespace, propagationPolicy: 'Background', gracePeriodSeconds: 0 };
      if (ref.kind === 'Deployment') await apps.deleteNamespacedDeployment(request);
      else if (ref.kind === 'StatefulSet') await apps.deleteNamespacedStatefulSet(request);
      else await apps.deleteNamespacedDaemonSet(request);
    },
    replicaSetAnnotations: async (ref) => {
      const list = await apps.listNamespacedReplicaSet({ namespace });
      return list.items
        .filter((rs) => rs.metadata?.ownerReferences?.some((o) => o.name === ref.name))
        .map((rs) => rs.spec?.template?.metadata?.annotations ?? {});
    },
    faults: null,
    access: null,
    forbiddenGateway: impersonatingNobody(kubeconfig),
    rolloutMs: 30_000,
    snapshots: process.env['CAPSTAN_TEST_SNAPSHOTS'] === '1',
    close: async () => {
      await core.deleteNamespace({ name: namespace, propagationPolicy: 'Background' });
    },
  };
}

/** Same credentials, impersonating a user nobody granted anything: every call is an RBAC denial (403). */
function impersonatingNobody(kubeconfig: string): KubeGateway {
  const doc = parse(kubeconfig) as { 'current-context': string; contexts: { name: string; context: { user: string } }[]; users: { name: string; user: Record<string, unknown> }[] };
  const userName = doc.contexts.find((c) => c.name === doc['current-context'])?.context.user;
  for (const entry of doc.users) if (entry.name === userName) entry.user['as'] = 'capstan-test-nobody';
  return createKubeGateway(stringify(doc));
}

function manifestFor(namespace: string, spec: WorkloadSpec): Record<string, unknown> {
  const labels = { app: spec.name };
  const podSpec: Record<string, unknown> = {
    terminationGracePeriodSeconds: 1,
    containers: spec.containers.map((c) => ({ ...c, command: ['sh', '-c', 'sleep 3600'] })),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map((c) => ({ ...c, command: ['sh', '-c', 'true'] })) } : {}),
    ...(spec.claims ? { volumes: spec.claims.map((claim) => ({ name: claim, persistentVolumeClaim: { claimName: claim } })) } : {}),
  };
  const workloadSpec: Record<string, unknown> = { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } };
  if (spec.kind !== 'DaemonSet') workloadSpec['replicas'] = spec.replicas ?? 1;
  if (spec.kind === 'StatefulSet') workloadSpec['serviceName'] = spec.name;
  if (spec.paused) workloadSpec['paused'] = true;
  // A real controller counts in seconds; 15 s keeps the ProgressDeadlineExceeded test short.
  if (spec.progressDeadlineSeconds !== undefined) workloadSpec['progressDeadlineSeconds'] = Math.min(spec.progressDeadlineSeconds, 15);
  if (spec.updateStrategy !== undefined) workloadSpec['updateStrategy'] = { type: spec.updateStrategy };
  return { apiVersion: 'apps/v1', kind: spec.kind, metadata: { name: spec.name, namespace, labels: { ...labels, ...spec.objectLabels } }, spec: workloadSpec };
}

async function createClaim(core: CoreV1Api, namespace: string, name: string): Promise<void> {
  try {
    await core.createNamespacedPersistentVolumeClaim({
      namespace,
      body: { metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '64Mi' } } } },
    });
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
  }
}

async function waitReady(gateway: KubeGateway, ref: WorkloadRef): Promise<void> {
  const result = await gateway.waitForRollout(ref, { deadline: Date.now() + 180_000, pollMs: 1_000 });
  if (result.outcome !== 'succeeded') throw new Error(`${ref.kind} ${ref.name} did not become ready: ${result.status.message}`);
}
