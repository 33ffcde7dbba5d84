// A pretend kubelet and scheduler: a pod is bound to a node, then on the next step starts and turns Ready —
// unless one of its images matches the failing pattern, in which case it stays Pending in ImagePullBackOff
// (what a real node reports for an image it cannot pull), so rollouts of that image never progress.
import { rfc3339, type KubeObject, type PodSpec } from '../types.ts';
import { clone } from '../types.ts';
import { resource, writeIfChanged, type ControllerContext } from './context.ts';

export const NODES = ['node-1', 'node-2'] as const;

export function kubelet(ctx: ControllerContext): void {
  for (const pod of ctx.store.list(resource('Pod'))) {
    if (pod.metadata.deletionTimestamp) continue;
    const next = clone(pod);
    const spec = next.spec as unknown as PodSpec;
    if (!spec.nodeName) spec.nodeName = NODES[0];
    else if (next.status?.phase === 'Pending' && !next.status.containerStatuses) next.status = podStatus(pod, spec, ctx);
    writeIfChanged(ctx, pod, next);
  }
}

function podStatus(pod: KubeObject, spec: PodSpec, ctx: ControllerContext): Record<string, unknown> {
  const now = rfc3339(ctx.now);
  const failing = [...(spec.initContainers ?? []), ...spec.containers].find((c) => ctx.options.failingImagePattern.test(c.image));
  const index = NODES.indexOf(spec.nodeName as (typeof NODES)[number]) + 1;
  const base = { qosClass: 'BestEffort', hostIP: `10.0.0.${index}`, startTime: now };
  if (failing) {
    return {
      ...base, phase: 'Pending',
      conditions: [condition('PodScheduled', 'True', now), condition('Ready', 'False', now, 'ContainersNotReady'), condition('ContainersReady', 'False', now, 'ContainersNotReady')],
      containerStatuses: spec.containers.map((c) => ({
        name: c.name, image: c.image, imageID: '', ready: false, started: false, restartCount: 0,
        state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${failing.image}"` } },
      })),
    };
  }
  const podIP = `10.244.${index}.${(parseInt(pod.metadata.uid.slice(0, 2), 16) % 250) + 2}`;
  return {
    ...base, phase: 'Running', podIP, podIPs: [{ ip: podIP }],
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) => condition(t, 'True', now)),
    ...(spec.initContainers ? { initContainerStatuses: spec.initContainers.map((c) => ({
      name: c.name, image: c.image, imageID: imageId(c.image), ready: true, restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } },
    })) } : {}),
    containerStatuses: spec.containers.map((c) => ({
      name: c.name, image: c.image, imageID: imageId(c.image), ready: true, started: true, restartCount: 0,
      containerID: `containerd://${pod.metadata.uid.replaceAll('-', '')}`, state: { running: { startedAt: now } },
    })),
  };
}

function condition(type: string, status: string, now: string, reason?: string): Record<string, unknown> {
  return { type, status, lastProbeTime: null, lastTransitionTime: now, ...(reason ? { reason } : {}) };
}

function imageId(image: string): string {
  const at = image.indexOf('@');
  return at >= 0 ? image : `${image}@sha256:${'0'.repeat(64)}`;
}
