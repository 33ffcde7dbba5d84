import type { RolloutStatus, WorkloadKind } from '../../app/ports/kube-gateway.ts';
import { asArray, at, int, isRecord, optionalInt, str, type KubeObject } from './unstructured.ts';

/**
 * kubectl's three rollout-status state machines, with the checks in kubectl's order and its messages
 * (kubernetes/kubectl pkg/polymorphichelpers/rollout_status.go; K8). Pure: one object in, one verdict out.
 *
 * Where kubectl returns an error, the verdict is `failed`: ProgressDeadlineExceeded (the only failure the
 * Deployment controller reports, K9), and workloads whose update strategy is not RollingUpdate (OnDelete), whose
 * rollout cannot be waited for (K11). One deviation: an absent `updateStrategy.type` counts as RollingUpdate, the
 * apps/v1 default the API server fills in, so an object from a server that does not default is not misjudged.
 */

/** kubectl pkg/util/deployment TimedOutReason. */
export const PROGRESS_DEADLINE_EXCEEDED = 'ProgressDeadlineExceeded';
/** Our reason for K11: kubectl's "rollout status is only available for RollingUpdate strategy type". */
export const ROLLOUT_STATUS_UNAVAILABLE = 'RolloutStatusUnavailable';

type Verdict = Pick<RolloutStatus, 'state' | 'message' | 'reason'>;

export function rolloutStatusOf(kind: WorkloadKind, obj: KubeObject): RolloutStatus {
  switch (kind) {
    case 'Deployment':
      return { ...deploymentProgress(obj), ...deploymentVerdict(obj) };
    case 'StatefulSet':
      return { ...statefulSetProgress(obj), ...statefulSetVerdict(obj) };
    case 'DaemonSet':
      return { ...daemonSetProgress(obj), ...daemonSetVerdict(obj) };
  }
}

const waiting = (message: string): Verdict => ({ state: 'progressing', message, reason: null });
const done = (message: string): Verdict => ({ state: 'done', message, reason: null });
const failed = (message: string, reason: string): Verdict => ({ state: 'failed', message, reason });

function deploymentVerdict(d: KubeObject): Verdict {
  const name = nameOf(d);
  if (int(at(d, 'metadata', 'generation')) > int(at(d, 'status', 'observedGeneration'))) {
    return waiting('Waiting for deployment spec update to be observed...');
  }
  if (progressingReason(d) === PROGRESS_DEADLINE_EXCEEDED) {
    return failed(`deployment "${name}" exceeded its progress deadline`, PROGRESS_DEADLINE_EXCEEDED);
  }
  const specReplicas = optionalInt(at(d, 'spec', 'replicas'));
  const replicas = int(at(d, 'status', 'replicas'));
  const updated = int(at(d, 'status', 'updatedReplicas'));
  const available = int(at(d, 'status', 'availableReplicas'));
  if (specReplicas !== undefined && updated < specReplicas) {
    return waiting(`Waiting for deployment "${name}" rollout to finish: ${updated} out of ${specReplicas} new replicas have been updated...`);
  }
  if (replicas > updated) {
    return waiting(`Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...`);
  }
  if (available < updated) {
    return waiting(`Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`);
  }
  return done(`deployment "${name}" successfully rolled out`);
}

function daemonSetVerdict(ds: KubeObject): Verdict {
  const name = nameOf(ds);
  if (!isRollingUpdate(ds)) return notRollingUpdate();
  if (int(at(ds, 'metadata', 'generation')) > int(at(ds, 'status', 'observedGeneration'))) {
    return waiting('Waiting for daemon set spec update to be observed...');
  }
  const desired = int(at(ds, 'status', 'desiredNumberScheduled'));
  const updated = int(at(ds, 'status', 'updatedNumberScheduled'));
  const available = int(at(ds, 'status', 'numberAvailable'));
  if (updated < desired) {
    return waiting(`Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`);
  }
  if (available < desired) {
    return waiting(`Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`);
  }
  return done(`daemon set "${name}" successfully rolled out`);
}

function statefulSetVerdict(sts: KubeObject): Verdict {
  if (!isRollingUpdate(sts)) return notRollingUpdate();
  const observed = int(at(sts, 'status', 'observedGeneration'));
  if (observed === 0 || int(at(sts, 'metadata', 'generation')) > observed) {
    return waiting('Waiting for statefulset spec update to be observed...');
  }
  const specReplicas = optionalInt(at(sts, 'spec', 'replicas'));
  const ready = int(at(sts, 'status', 'readyReplicas'));
  const updated = int(at(sts, 'status', 'updatedReplicas'));
  if (specReplicas !== undefined && ready < specReplicas) {
    return waiting(`Waiting for ${specReplicas - ready} pods to be ready...`);
  }
  const rollingUpdate = at(sts, 'spec', 'updateStrategy', 'rollingUpdate');
  if (isRecord(rollingUpdate)) {
    const partition = optionalInt(rollingUpdate['partition']);
    if (specReplicas !== undefined && partition !== undefined && updated < specReplicas - partition) {
      return waiting(`Waiting for partitioned roll out to finish: ${updated} out of ${specReplicas - partition} new pods have been updated...`);
    }
    return done(`partitioned roll out complete: ${updated} new pods have been updated...`);
  }
  const updateRevision = str(at(sts, 'status', 'updateRevision')) ?? '';
  const currentRevision = str(at(sts, 'status', 'currentRevision')) ?? '';
  if (updateRevision !== currentRevision) {
    return waiting(`waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`);
  }
  const current = int(at(sts, 'status', 'currentReplicas'));
  return done(`statefulset rolling update complete ${current} pods at revision ${currentRevision}...`);
}

function notRollingUpdate(): Verdict {
  return failed('rollout status is only available for RollingUpdate strategy type', ROLLOUT_STATUS_UNAVAILABLE);
}

function isRollingUpdate(obj: KubeObject): boolean {
  const type = str(at(obj, 'spec', 'updateStrategy', 'type'));
  return type === undefined || type === 'RollingUpdate';
}

function progressingReason(d: KubeObject): string | undefined {
  const condition = asArray(at(d, 'status', 'conditions')).find((c) => isRecord(c) && c['type'] === 'Progressing');
  return str(at(condition, 'reason'));
}

function nameOf(obj: KubeObject): string {
  return str(at(obj, 'metadata', 'name')) ?? '';
}

function deploymentProgress(d: KubeObject) {
  return {
    desired: optionalInt(at(d, 'spec', 'replicas')) ?? 1,
    updated: int(at(d, 'status', 'updatedReplicas')),
    ready: int(at(d, 'status', 'readyReplicas')),
    available: int(at(d, 'status', 'availableReplicas')),
  };
}

function statefulSetProgress(sts: KubeObject) {
  return {
    desired: optionalInt(at(sts, 'spec', 'replicas')) ?? 1,
    updated: int(at(sts, 'status', 'updatedReplicas')),
    ready: int(at(sts, 'status', 'readyReplicas')),
    available: int(at(sts, 'status', 'availableReplicas')),
  };
}

function daemonSetProgress(ds: KubeObject) {
  return {
    desired: int(at(ds, 'status', 'desiredNumberScheduled')),
    updated: int(at(ds, 'status', 'updatedNumberScheduled')),
    ready: int(at(ds, 'status', 'numberReady')),
    available: int(at(ds, 'status', 'numberAvailable')),
  };
}
