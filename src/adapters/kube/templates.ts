import { PatchStrategy } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import {
  DEPLOY_ID_ANNOTATION,
  type PodTemplateSnapshot,
  type WorkloadRef,
  type WriteResult,
} from '../../app/ports/kube-gateway.ts';
import { asArray, asRecord, at, cloneJson, int, isRecord, jsonEqual, type KubeObject } from './unstructured.ts';
import { gitOpsOwnerOfObject } from './gitops-marks.ts';
import { refuseIfPaused, resourceVersionOf, writeResult, type WritePlan } from './workloads.ts';

/**
 * Capture and restore of a workload's pod template: the basis of record-based rollback (K12), which keeps working
 * after ReplicaSets or ControllerRevisions were garbage-collected.
 */

/** The template exactly as read (unstructured JSON, so no field is lost), with the resourceVersion it belongs to. */
export function snapshotOf(ref: WorkloadRef, obj: KubeObject): PodTemplateSnapshot {
  return {
    workload: ref,
    resourceVersion: resourceVersionOf(obj),
    generation: int(at(obj, 'metadata', 'generation')),
    template: cloneJson(asRecord(at(obj, 'spec', 'template'))),
    gitOpsOwner: gitOpsOwnerOfObject(obj),
  };
}

/**
 * Writes a recorded template back, stamped with this deploy's id (Q5/Q6). Sent as a JSON Patch that replaces
 * `/spec/template` whole (what `kubectl rollout undo` sends, so fields added since the capture are removed), plus
 * a replace of `/metadata/resourceVersion` with the value read: the API server then rejects the write with 409 if
 * anyone changed the object since (K13, K15). A paused Deployment is refused, as kubectl's undo does.
 *
 * No write is sent when the live template already equals the target apart from the deploy-id annotation;
 * `changed` is true only if that equality includes this deploy's id (an earlier attempt of this deploy wrote it).
 */
export function planRestore(ref: WorkloadRef, obj: KubeObject, template: Record<string, unknown>, deployId: string): WritePlan<WriteResult> {
  assertTemplate(template);
  refuseIfPaused(ref, obj, 'roll back');
  const target = withDeployId(template, deployId);
  const current = at(obj, 'spec', 'template');
  if (jsonEqual(withoutDeployId(current), withoutDeployId(target))) {
    const ours = jsonEqual(current, target);
    return { patch: null, result: (after) => writeResult(after, ours) };
  }
  const body = [
    { op: 'replace', path: '/metadata/resourceVersion', value: resourceVersionOf(obj) },
    { op: 'replace', path: '/spec/template', value: target },
  ];
  return { patch: { contentType: PatchStrategy.JsonPatch, body }, result: (after) => writeResult(after, true) };
}

function withDeployId(template: Record<string, unknown>, deployId: string): KubeObject {
  const copy = cloneJson(template);
  const metadata = isRecord(copy['metadata']) ? copy['metadata'] : (copy['metadata'] = {});
  const annotations = isRecord(metadata['annotations']) ? metadata['annotations'] : (metadata['annotations'] = {});
  annotations[DEPLOY_ID_ANNOTATION] = deployId;
  return copy;
}

function withoutDeployId(template: unknown): unknown {
  if (!isRecord(template)) return template;
  const copy = cloneJson(template);
  const annotations = at(copy, 'metadata', 'annotations');
  if (isRecord(annotations)) {
    delete annotations[DEPLOY_ID_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete asRecord(copy['metadata'])['annotations'];
  }
  return copy;
}

function assertTemplate(template: unknown): void {
  if (!isRecord(template) || asArray(at(template, 'spec', 'containers')).length === 0) {
    throw new AppError('PARAM_INVALID', 'The recorded pod template has no containers; it cannot be restored.');
  }
}
