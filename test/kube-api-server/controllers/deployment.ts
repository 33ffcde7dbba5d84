// Deployment controller, after k8s.io/kubernetes pkg/controller/deployment (sync.go, rolling.go, recreate.go,
// progress.go): a template change creates a ReplicaSet `<name>-<pod-template-hash>` carrying the next
// `deployment.kubernetes.io/revision`; a template equal to an old RS's re-uses it with a new revision (rollback);
// RollingUpdate honours maxSurge/maxUnavailable, Recreate scales old to zero first; paused deployments do not roll;
// status and the Available/Progressing conditions are what `kubectl rollout status` reads (rule K8). A rollout
// that makes no progress for spec.progressDeadlineSeconds (× progressDeadlineScale) gets Progressing=False with
// reason ProgressDeadlineExceeded.
import type { KubeObject, LabelSelector, PodTemplate } from '../types.ts';
import { clone, rfc3339 } from '../types.ts';
import {
  controllerRef, omitZero, ownedBy, resource, sameTemplate, scaled, setCondition, templateHash, writeIfChanged,
  type Controller, type ControllerContext,
} from './context.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';

interface DeploymentSpec {
  replicas: number;
  selector: LabelSelector;
  template: PodTemplate;
  paused?: boolean;
  strategy: { type: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } };
  progressDeadlineSeconds: number;
  revisionHistoryLimit: number;
}

interface Sync { ctx: ControllerContext; d: KubeObject; spec: DeploymentSpec; surge: number; unavailable: number; created: boolean }

export function createDeploymentController(): Controller {
  const lastProgress = new Map<string, number>();
  return (ctx) => {
    for (const d of ctx.store.list(resource('Deployment'))) {
      if (!d.metadata.deletionTimestamp) syncDeployment(ctx, d, lastProgress);
    }
  };
}

function syncDeployment(ctx: ControllerContext, d: KubeObject, lastProgress: Map<string, number>): void {
  const spec = d.spec as unknown as DeploymentSpec;
  const rolling = spec.strategy.type === 'RollingUpdate';
  let surge = rolling ? scaled(spec.strategy.rollingUpdate?.maxSurge ?? '25%', spec.replicas, true) : 0;
  let unavailable = rolling ? scaled(spec.strategy.rollingUpdate?.maxUnavailable ?? '25%', spec.replicas, false) : 0;
  if (rolling && surge === 0 && unavailable === 0) unavailable = 1; // deploymentutil.ResolveFenceposts
  if (!rolling) surge = 0;
  const s: Sync = { ctx, d, spec, surge, unavailable, created: false };
  let newRS = replicaSets(s).find((rs) => sameTemplate(rs.spec?.template, spec.template));
  if (!spec.paused) {
    newRS = ensureNewReplicaSet(s, newRS);
    if (rolling) rollingUpdate(s, newRS);
    else recreate(s, newRS);
  } else if (newRS && olds(s, newRS).every((rs) => replicasOf(rs) === 0)) {
    scale(s, newRS, spec.replicas);
  }
  cleanupHistory(s, newRS);
  updateStatus(s, newRS, lastProgress);
}

function replicaSets(s: Sync): KubeObject[] {
  return ownedBy(s.ctx.store.list(resource('ReplicaSet'), s.d.metadata.namespace), s.d);
}

function olds(s: Sync, newRS: KubeObject | undefined): KubeObject[] {
  return replicaSets(s).filter((rs) => rs.metadata.uid !== newRS?.metadata.uid)
    .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || revisionOf(a) - revisionOf(b));
}

const replicasOf = (rs: KubeObject): number => Number(rs.spec?.replicas ?? 0);
const statusOf = (rs: KubeObject | undefined, field: string): number => Number(rs?.status?.[field] ?? 0);
const revisionOf = (rs: KubeObject): number => Number(rs.metadata.annotations?.[REVISION] ?? 0);
const sum = (list: KubeObject[], f: (rs: KubeObject) => number): number => list.reduce((n, rs) => n + f(rs), 0);

/** Creates the RS for the current template, or gives a re-used old one the next revision (sync.go getNewReplicaSet). */
function ensureNewReplicaSet(s: Sync, existing: KubeObject | undefined): KubeObject {
  const maxOld = Math.max(0, ...olds(s, existing).map(revisionOf));
  if (existing) {
    if (revisionOf(existing) > maxOld) return existing;
    const next = clone(existing);
    const history = [existing.metadata.annotations?.[REVISION], next.metadata.annotations?.[REVISION_HISTORY]].filter(Boolean);
    next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(maxOld + 1), [REVISION_HISTORY]: history.reverse().join(',') };
    return s.ctx.store.update(resource('ReplicaSet'), next);
  }
  const hash = templateHash(s.spec.template);
  const template = clone(s.spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, 'pod-template-hash': hash } };
  s.created = true;
  return s.ctx.store.create(resource('ReplicaSet'), {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: `${s.d.metadata.name}-${hash}`, namespace: s.d.metadata.namespace, uid: '', resourceVersion: '', creationTimestamp: '',
      labels: { ...template.metadata.labels },
      annotations: { [REVISION]: String(maxOld + 1), 'deployment.kubernetes.io/desired-replicas': String(s.spec.replicas), 'deployment.kubernetes.io/max-replicas': String(s.spec.replicas + s.surge) },
      ownerReferences: [controllerRef(s.d)],
    },
    spec: {
      replicas: 0,
      selector: { ...s.spec.selector, matchLabels: { ...s.spec.selector.matchLabels, 'pod-template-hash': hash } },
      template,
    },
  });
}

function scale(s: Sync, rs: KubeObject, replicas: number): void {
  const next = clone(rs);
  next.spec = { ...next.spec, replicas };
  next.metadata.annotations = { ...next.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(s.spec.replicas), 'deployment.kubernetes.io/max-replicas': String(s.spec.replicas + s.surge) };
  writeIfChanged(s.ctx, rs, next);
}

/** rolling.go rolloutRolling: scale the new RS up within maxSurge, else scale old ones down within maxUnavailable. */
function rollingUpdate(s: Sync, newRS: KubeObject): void {
  const desired = s.spec.replicas;
  const all = replicaSets(s);
  const current = replicasOf(newRS);
  if (current > desired) return scale(s, newRS, desired);
  if (current < desired) {
    const room = desired + s.surge - sum(all, replicasOf);
    if (room > 0) return scale(s, newRS, current + Math.min(room, desired - current));
  }
  const old = olds(s, newRS).filter((rs) => replicasOf(rs) > 0);
  if (old.length === 0) return;
  const minAvailable = desired - s.unavailable;
  const newUnavailable = replicasOf(newRS) - statusOf(newRS, 'availableReplicas');
  let budget = sum(all, replicasOf) - minAvailable - newUnavailable;
  // cleanupUnhealthyReplicas: old pods that are not available go first, they cost no availability.
  for (const rs of old) {
    const unhealthy = replicasOf(rs) - statusOf(rs, 'availableReplicas');
    if (budget <= 0 || unhealthy <= 0) continue;
    const down = Math.min(budget, unhealthy);
    budget -= down;
    rs.spec = { ...rs.spec, replicas: replicasOf(rs) - down };
    scale(s, s.ctx.store.get(resource('ReplicaSet'), rs.metadata.namespace ?? null, rs.metadata.name) as KubeObject, replicasOf(rs));
  }
  let surplus = sum(all, (rs) => statusOf(rs, 'availableReplicas')) - minAvailable;
  for (const rs of old) {
    if (surplus <= 0 || budget <= 0 || replicasOf(rs) === 0) continue;
    const down = Math.min(replicasOf(rs), surplus, budget);
    surplus -= down;
    budget -= down;
    scale(s, s.ctx.store.get(resource('ReplicaSet'), rs.metadata.namespace ?? null, rs.metadata.name) as KubeObject, replicasOf(rs) - down);
  }
}

/** recreate.go: old ReplicaSets to zero, wait until their pods are gone, then the new one to full size. */
function recreate(s: Sync, newRS: KubeObject): void {
  const old = olds(s, newRS);
  if (old.some((rs) => replicasOf(rs) > 0)) {
    for (const rs of old) scale(s, rs, 0);
    return;
  }
  if (old.some((rs) => statusOf(rs, 'replicas') > 0)) return;
  scale(s, newRS, s.spec.replicas);
}

/** sync.go cleanupDeployment: keep at most revisionHistoryLimit scaled-down old ReplicaSets. */
function cleanupHistory(s: Sync, newRS: KubeObject | undefined): void {
  const idle = olds(s, newRS).filter((rs) => replicasOf(rs) === 0 && statusOf(rs, 'replicas') === 0).sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of idle.slice(0, Math.max(0, idle.length - s.spec.revisionHistoryLimit))) {
    s.ctx.store.delete(resource('ReplicaSet'), rs.metadata.namespace ?? null, rs.metadata.name);
  }
}

function updateStatus(s: Sync, newRS: KubeObject | undefined, lastProgress: Map<string, number>): void {
  const { d, spec, ctx } = s;
  const all = replicaSets(s);
  const prev = d.status ?? {};
  const counts = {
    replicas: sum(all, (rs) => statusOf(rs, 'replicas')), updatedReplicas: statusOf(newRS, 'replicas'),
    readyReplicas: sum(all, (rs) => statusOf(rs, 'readyReplicas')), availableReplicas: sum(all, (rs) => statusOf(rs, 'availableReplicas')),
  };
  const now = rfc3339(ctx.now);
  let conditions = (prev.conditions ?? []) as Record<string, unknown>[];
  const minAvailable = counts.availableReplicas >= spec.replicas - s.unavailable;
  conditions = setCondition(conditions, minAvailable
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now);
  const progressing = progressingCondition(s, newRS, counts, prev, lastProgress);
  if (progressing) conditions = setCondition(conditions, progressing.condition, now, progressing.touch);
  const reason = conditions.find((c) => c.type === 'Progressing')?.reason;
  if (!spec.paused && reason !== 'NewReplicaSetAvailable' && reason !== 'ProgressDeadlineExceeded') ctx.waiting = true;
  const next = clone(d);
  next.status = omitZero({
    observedGeneration: d.metadata.generation, ...counts,
    unavailableReplicas: Math.max(spec.replicas - counts.availableReplicas, 0), conditions: sortConditions(conditions),
  });
  if (newRS) next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: String(revisionOf(newRS)) };
  writeIfChanged(ctx, d, next);
}

/** progress.go syncRolloutStatus: complete → progressing → timed out, in that order. */
function progressingCondition(s: Sync, newRS: KubeObject | undefined, counts: Record<string, number>, prev: Record<string, unknown>, lastProgress: Map<string, number>): { condition: Record<string, unknown>; touch: boolean } | undefined {
  const { d, spec, ctx } = s;
  const uid = d.metadata.uid;
  const current = ((prev.conditions ?? []) as Record<string, unknown>[]).find((c) => c.type === 'Progressing');
  const rsName = newRS?.metadata.name ?? '';
  const progress = (condition: Record<string, unknown>) => {
    lastProgress.set(uid, ctx.now);
    return { condition, touch: true };
  };
  if (spec.paused) return { condition: { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }, touch: false };
  if (current?.reason === 'DeploymentPaused') return progress({ type: 'Progressing', status: 'Unknown', reason: 'DeploymentResumed', message: 'Deployment is resumed' });
  if (s.created) return progress({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${rsName}"` });
  const complete = counts.updatedReplicas === spec.replicas && counts.replicas === spec.replicas && counts.availableReplicas === spec.replicas;
  if (complete) return { condition: { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }, touch: false };
  const moved = (k: string) => (counts[k] ?? 0) > Number(prev[k] ?? 0);
  if (moved('updatedReplicas') || moved('readyReplicas') || moved('availableReplicas') || (counts.replicas ?? 0) < Number(prev.replicas ?? 0)) {
    return progress({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` });
  }
  if (!lastProgress.has(uid)) lastProgress.set(uid, ctx.now);
  const deadlineMs = spec.progressDeadlineSeconds * 1000 * ctx.options.progressDeadlineScale;
  if (current?.reason !== 'NewReplicaSetAvailable' && ctx.now - (lastProgress.get(uid) ?? ctx.now) > deadlineMs) {
    return { condition: { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.` }, touch: false };
  }
  if (!current) return progress({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` });
  return undefined;
}

function sortConditions(conditions: Record<string, unknown>[]): Record<string, unknown>[] {
  const order = ['Available', 'Progressing', 'ReplicaFailure'];
  return [...conditions].sort((a, b) => order.indexOf(String(a.type)) - order.indexOf(String(b.type)));
}
