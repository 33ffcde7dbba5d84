import { PatchStrategy } from '@kubernetes/client-node';
import { AppError } from '../../domain/errors.ts';
import {
  DEPLOY_ID_ANNOTATION,
  type ContainerInfo,
  type SetImageResult,
  type WorkloadRef,
} from '../../app/ports/kube-gateway.ts';
import { templateDeployId } from './restart.ts';
import { asArray, at, isRecord, str, type KubeObject } from './unstructured.ts';
import { resourceVersionOf, writeResult, type WritePlan } from './workloads.ts';

/**
 * `kubectl set image` for one container (K6, K7, K18): looks the name up in `initContainers` and `containers` of
 * the pod template, and sends a strategic-merge patch keyed by container name, with our deploy-id annotation and
 * the read resourceVersion (K15). The same image is a no-op (kubectl skips the empty patch), unless this deploy
 * already wrote it (Q6), in which case `changed` stays true. Paused Deployments are not refused: kubectl allows
 * set-image on them, and pausing to batch several changes is a normal workflow.
 */
export function planSetImage(
  ref: WorkloadRef,
  obj: KubeObject,
  container: string,
  image: string,
  deployId: string,
): WritePlan<SetImageResult> {
  const containers = templateContainers(at(obj, 'spec', 'template'));
  const target = containers.find((c) => c.name === container);
  if (target === undefined) throw containerNotFound(ref, container, containers);
  const outcome = (after: KubeObject, changed: boolean): SetImageResult => ({
    ...writeResult(after, changed),
    container,
    initContainer: target.init,
    previousImage: target.image,
    image,
  });
  if (target.image === image) {
    const ours = templateDeployId(obj) === deployId;
    return { patch: null, result: (after) => outcome(after, ours) };
  }
  const list = target.init ? 'initContainers' : 'containers';
  const body = {
    metadata: { resourceVersion: resourceVersionOf(obj) },
    spec: {
      template: {
        metadata: { annotations: { [DEPLOY_ID_ANNOTATION]: deployId } },
        spec: { [list]: [{ name: container, image }] },
      },
    },
  };
  return { patch: { contentType: PatchStrategy.StrategicMergePatch, body }, result: (after) => outcome(after, true) };
}

/** Init containers first, as they run first; each marked so callers can tell them apart. */
export function templateContainers(template: unknown): ContainerInfo[] {
  const read = (list: unknown, init: boolean): ContainerInfo[] =>
    asArray(list)
      .filter(isRecord)
      .map((c) => ({ name: str(c['name']) ?? '', image: str(c['image']) ?? '', init }));
  return [...read(at(template, 'spec', 'initContainers'), true), ...read(at(template, 'spec', 'containers'), false)];
}

/** K6 / H4: a name that matches nothing is an error that says what does exist. */
export function containerNotFound(ref: { namespace: string; kind: string; name: string }, container: string, existing: readonly ContainerInfo[]): AppError {
  const names = existing.map((c) => (c.init ? `${c.name} (init)` : c.name));
  const list = names.length === 0 ? 'it has no containers' : `it has: ${names.join(', ')}`;
  return new AppError(
    'CONTAINER_NOT_FOUND',
    `Container "${container}" not found in ${ref.kind} ${ref.namespace}/${ref.name}; ${list}.`,
  );
}
