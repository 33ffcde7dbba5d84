import { PatchStrategy } from '@kubernetes/client-node';
import {
  DEPLOY_ID_ANNOTATION,
  RESTARTED_AT_ANNOTATION,
  type WorkloadRef,
  type WriteResult,
} from '../../app/ports/kube-gateway.ts';
import { at, str, type KubeObject } from './unstructured.ts';
import { refuseIfPaused, resourceVersionOf, writeResult, type WritePlan } from './workloads.ts';

/**
 * `kubectl rollout restart`, made safe to repeat (K1–K4): the pod template gets kubectl's `restartedAt` annotation
 * and our deploy-id annotation in one strategic-merge patch that carries the read resourceVersion (K15). The
 * deploy-id guarantees a template change even for two restarts in the same second, where kubectl's annotation alone
 * would produce an empty patch (K2).
 *
 * Q6: when the template already carries this deploy's id, an earlier attempt of the same deploy wrote it; nothing
 * is sent and the result says `changed: true`, so a resumed task goes on to wait for that rollout.
 */
export function planRestart(ref: WorkloadRef, obj: KubeObject, deployId: string, now: Date): WritePlan<WriteResult> {
  refuseIfPaused(ref, obj, 'restart');
  if (templateDeployId(obj) === deployId) {
    return { patch: null, result: (after) => writeResult(after, true) };
  }
  const body = {
    metadata: { resourceVersion: resourceVersionOf(obj) },
    spec: {
      template: {
        metadata: {
          annotations: { [RESTARTED_AT_ANNOTATION]: rfc3339Seconds(now), [DEPLOY_ID_ANNOTATION]: deployId },
        },
      },
    },
  };
  return {
    patch: { contentType: PatchStrategy.StrategicMergePatch, body },
    result: (after) => writeResult(after, true),
  };
}

export function templateDeployId(obj: KubeObject): string | undefined {
  return str(at(obj, 'spec', 'template', 'metadata', 'annotations', DEPLOY_ID_ANNOTATION));
}

/** Go's time.RFC3339 as kubectl writes it (second precision); we always format in UTC, hence `Z`. */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
