// Fixture builders for the three workload kinds: minimal but valid apps/v1 objects (selector = template labels).

export interface WorkloadManifestOptions {
  namespace?: string;
  name: string;
  replicas?: number;
  image?: string;
  containers?: { name: string; image: string }[];
  initContainers?: { name: string; image: string }[];
  labels?: Record<string, string>;
  paused?: boolean;
}

function podTemplate(o: WorkloadManifestOptions, labels: Record<string, string>): Record<string, unknown> {
  const containers = o.containers ?? [{ name: o.name, image: o.image ?? 'registry.example/app:1.0.0' }];
  return {
    metadata: { labels },
    spec: { containers, ...(o.initContainers ? { initContainers: o.initContainers } : {}) },
  };
}

function workload(kind: string, o: WorkloadManifestOptions, spec: Record<string, unknown>): Record<string, unknown> {
  const labels = o.labels ?? { app: o.name };
  return {
    apiVersion: 'apps/v1', kind,
    metadata: { name: o.name, namespace: o.namespace ?? 'default', labels },
    spec: { selector: { matchLabels: labels }, template: podTemplate(o, labels), ...spec },
  };
}

export function deploymentManifest(o: WorkloadManifestOptions): Record<string, unknown> {
  return workload('Deployment', o, { replicas: o.replicas ?? 2, ...(o.paused ? { paused: true } : {}) });
}

/** `paused` has no StatefulSet equivalent and is ignored. */
export function statefulSetManifest(o: WorkloadManifestOptions): Record<string, unknown> {
  return workload('StatefulSet', o, { replicas: o.replicas ?? 2, serviceName: o.name });
}

/** One pod per node of the pretend two-node cluster; `replicas` and `paused` are ignored. */
export function daemonSetManifest(o: WorkloadManifestOptions): Record<string, unknown> {
  return workload('DaemonSet', o, {});
}
