// Server-side defaulting, a subset of k8s.io/kubernetes pkg/apis/{apps,core}/v1/defaults.go: enough that objects
// read back look like a real server's (so round-trips and template comparisons behave the same).
import { isObject, type KubeObject } from './types.ts';

type Defaulter = (obj: KubeObject) => void;

const DEFAULTERS: Record<string, Defaulter> = {
  Deployment: (obj) => {
    const spec = specOf(obj);
    setIfMissing(spec, 'replicas', 1);
    setIfMissing(spec, 'strategy', { type: 'RollingUpdate' });
    const strategy = spec.strategy as Record<string, unknown>;
    if (strategy.type === 'RollingUpdate') setIfMissing(strategy, 'rollingUpdate', { maxUnavailable: '25%', maxSurge: '25%' });
    setIfMissing(spec, 'revisionHistoryLimit', 10);
    setIfMissing(spec, 'progressDeadlineSeconds', 600);
    defaultTemplate(spec);
  },
  StatefulSet: (obj) => {
    const spec = specOf(obj);
    setIfMissing(spec, 'replicas', 1);
    setIfMissing(spec, 'podManagementPolicy', 'OrderedReady');
    setIfMissing(spec, 'updateStrategy', { type: 'RollingUpdate' });
    const strategy = spec.updateStrategy as Record<string, unknown>;
    if (strategy.type === 'RollingUpdate') setIfMissing(strategy, 'rollingUpdate', { partition: 0 });
    setIfMissing(spec, 'revisionHistoryLimit', 10);
    setIfMissing(spec, 'persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Retain', whenScaled: 'Retain' });
    defaultTemplate(spec);
  },
  DaemonSet: (obj) => {
    const spec = specOf(obj);
    setIfMissing(spec, 'updateStrategy', { type: 'RollingUpdate' });
    const strategy = spec.updateStrategy as Record<string, unknown>;
    if (strategy.type === 'RollingUpdate') setIfMissing(strategy, 'rollingUpdate', { maxUnavailable: 1, maxSurge: 0 });
    setIfMissing(spec, 'revisionHistoryLimit', 10);
    defaultTemplate(spec);
  },
  ReplicaSet: (obj) => {
    setIfMissing(specOf(obj), 'replicas', 1);
    defaultTemplate(specOf(obj));
  },
  Pod: (obj) => defaultPodSpec(specOf(obj)),
  Namespace: (obj) => {
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
    setIfMissing(specOf(obj), 'finalizers', ['kubernetes']);
  },
  PersistentVolumeClaim: (obj) => setIfMissing(specOf(obj), 'volumeMode', 'Filesystem'),
};

export function applyDefaults(obj: KubeObject): void {
  DEFAULTERS[obj.kind]?.(obj);
}

function specOf(obj: KubeObject): Record<string, unknown> {
  if (!isObject(obj.spec)) obj.spec = {};
  return obj.spec;
}

function setIfMissing(target: Record<string, unknown>, key: string, value: unknown): void {
  if (target[key] === undefined || target[key] === null) target[key] = value;
}

function defaultTemplate(spec: Record<string, unknown>): void {
  const template = isObject(spec.template) ? spec.template : (spec.template = {});
  if (isObject(template.spec)) defaultPodSpec(template.spec);
}

function defaultPodSpec(spec: Record<string, unknown>): void {
  setIfMissing(spec, 'restartPolicy', 'Always');
  setIfMissing(spec, 'terminationGracePeriodSeconds', 30);
  setIfMissing(spec, 'dnsPolicy', 'ClusterFirst');
  setIfMissing(spec, 'securityContext', {});
  setIfMissing(spec, 'schedulerName', 'default-scheduler');
  for (const list of [spec.containers, spec.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) if (isObject(c)) defaultContainer(c);
  }
}

function defaultContainer(c: Record<string, unknown>): void {
  setIfMissing(c, 'terminationMessagePath', '/dev/termination-log');
  setIfMissing(c, 'terminationMessagePolicy', 'File');
  setIfMissing(c, 'resources', {});
  // core/v1 SetDefaults_Container: Always for `:latest` or no tag, IfNotPresent otherwise (digests included).
  if (typeof c.image === 'string') setIfMissing(c, 'imagePullPolicy', isLatest(c.image) ? 'Always' : 'IfNotPresent');
  if (Array.isArray(c.ports)) for (const p of c.ports) if (isObject(p)) setIfMissing(p, 'protocol', 'TCP');
}

function isLatest(image: string): boolean {
  if (image.includes('@')) return false;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  return colon < 0 || lastSegment.slice(colon + 1) === 'latest';
}
