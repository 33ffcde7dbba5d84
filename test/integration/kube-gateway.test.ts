// The KubeGateway contract against the loopback Kubernetes API server (test/kube-api-server). Single permissions
// are taken away with its RBAC denials (`access`); the forbidden identity, which may do nothing at all, talks to a
// tiny HTTP server that answers every request the way an API server answers an RBAC denial.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { createKubeGateway } from '../../src/adapters/kube/client-node-gateway.ts';
import type { WorkloadRef } from '../../src/app/ports/kube-gateway.ts';
import {
  daemonSetManifest,
  deploymentManifest,
  startKubeApiServer,
  statefulSetManifest,
  type KubeApiServer,
} from '../kube-api-server/index.ts';
import { kubeGatewayContract, type KubeGatewayFixture, type WorkloadSpec } from '../contracts/kube-gateway.contract.ts';

const NAMESPACE = 'capstan-contract';
const FAST = { requestTimeoutMs: 400, retry: { attempts: 4, baseDelayMs: 20, maxDelayMs: 1_500 } };

kubeGatewayContract('loopback API server', async (): Promise<KubeGatewayFixture> => {
  const srv = await startKubeApiServer({ rolloutStepMs: 20, progressDeadlineScale: 0.005 });
  const forbidding = await startForbiddingServer();
  srv.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  const kc = new KubeConfig();
  kc.loadFromString(srv.kubeconfig);
  const apps = kc.makeApiClient(AppsV1Api);
  return {
    gateway: createKubeGateway(srv.kubeconfig, FAST),
    namespace: NAMESPACE,
    images: { v1: 'registry.example/app:1.0.0', v2: 'registry.example/app:2.0.0', failing: 'registry.example/fail:1' },
    createWorkload: async (spec) => {
      for (const claim of spec.claims ?? []) srv.apply(claimManifest(claim));
      const manifest = srv.apply(manifestFor(spec));
      await srv.settle(5_000);
      const metadata = manifest['metadata'] as { name: string };
      return { namespace: NAMESPACE, kind: spec.kind, name: metadata.name };
    },
    removeWorkload: async (ref) => {
      const request = { name: ref.name, namespace: ref.namespace, propagationPolicy: 'Background' };
      if (ref.kind === 'Deployment') await apps.deleteNamespacedDeployment(request);
      else if (ref.kind === 'StatefulSet') await apps.deleteNamespacedStatefulSet(request);
      else await apps.deleteNamespacedDaemonSet(request);
    },
    replicaSetAnnotations: async (ref: WorkloadRef) =>
      srv.list('apps/v1', 'ReplicaSet', ref.namespace)
        .filter((rs) => ownerName(rs) === ref.name)
        .map((rs) => templateAnnotations(rs)),
    faults: {
      inject: (rule) => srv.injectFault({ ...rule }),
      clear: () => srv.clearFaults(),
      requests: () => srv.requests.filter((r) => r.status !== 0),
    },
    access: {
      deny: (rule) => srv.denyAccess({ ...rule }),
      clear: () => srv.clearDenials(),
    },
    forbiddenGateway: createKubeGateway(forbidding.kubeconfig, FAST),
    rolloutMs: 600,
    snapshots: true,
    close: async () => {
      await forbidding.close();
      await srv.close();
    },
  };
});

function manifestFor(spec: WorkloadSpec): Record<string, unknown> {
  const options = {
    namespace: NAMESPACE,
    name: spec.name,
    containers: [...spec.containers],
    ...(spec.initContainers ? { initContainers: [...spec.initContainers] } : {}),
    ...(spec.replicas === undefined ? {} : { replicas: spec.replicas }),
    ...(spec.paused ? { paused: true } : {}),
  };
  const manifest = spec.kind === 'Deployment' ? deploymentManifest(options)
    : spec.kind === 'StatefulSet' ? statefulSetManifest(options)
    : daemonSetManifest(options);
  const workloadSpec = manifest['spec'] as Record<string, unknown>;
  if (spec.progressDeadlineSeconds !== undefined) workloadSpec['progressDeadlineSeconds'] = spec.progressDeadlineSeconds;
  if (spec.updateStrategy !== undefined) workloadSpec['updateStrategy'] = { type: spec.updateStrategy };
  if (spec.objectLabels) {
    const metadata = manifest['metadata'] as { labels: Record<string, string> };
    metadata.labels = { ...metadata.labels, ...spec.objectLabels };
  }
  if (spec.claims) {
    const podSpec = (workloadSpec['template'] as { spec: Record<string, unknown> }).spec;
    podSpec['volumes'] = spec.claims.map((claim) => ({ name: claim, persistentVolumeClaim: { claimName: claim } }));
  }
  return manifest;
}

function claimManifest(name: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: NAMESPACE },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
}

function ownerName(obj: Record<string, unknown>): string | undefined {
  const owners = (obj['metadata'] as { ownerReferences?: { name: string }[] }).ownerReferences ?? [];
  return owners[0]?.name;
}

function templateAnnotations(rs: Record<string, unknown>): Record<string, string> {
  const template = (rs['spec'] as { template?: { metadata?: { annotations?: Record<string, string> } } }).template;
  return template?.metadata?.annotations ?? {};
}

/** Answers every request with the Status an API server sends for an RBAC denial. */
async function startForbiddingServer(): Promise<{ kubeconfig: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const status = {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Forbidden', code: 403,
      message: `forbidden: User "system:serviceaccount:capstan:nobody" cannot ${req.method} ${req.url}`,
    };
    res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify(status));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kubeconfig = stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'forbidding', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'nobody', user: { token: 'no-rbac' } }],
    contexts: [{ name: 'forbidding', context: { cluster: 'forbidding', user: 'nobody' } }],
    'current-context': 'forbidding',
  });
  return {
    kubeconfig,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
