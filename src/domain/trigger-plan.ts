/**
 * What one call of a trigger URL asks the deploy engine to do, as a deploy-record plan and its queue keys.
 *
 * - `deployment`: one `restart` step (kubectl rollout restart) of the Deployment.
 * - `application`: one `restart` step over every Deployment/StatefulSet/DaemonSet the application selects; or,
 *   when the call carries ACK's image-override body (seed-apis.md §1.3 item 6), one `set-image` step per named
 *   container — changing the image is what rolls those workloads.
 *
 * Coalescing (protocols-reliability.md Q10): plain redeploys of one trigger are coalescable, so calls that
 * arrive while one restart is still queued collapse into it — one follow-up restart however many calls
 * came (app/triggers/invoke-trigger.ts does it). Image overrides never coalesce: a later override must not be
 * swallowed by an earlier, different one (latest wins only if each runs, in order, under the same serial key).
 */
import { workloadSerialKey, type DeployHookAction, type DeployStep } from './deploy-record.ts';
import { AppError, type FieldError } from './errors.ts';
import type { Trigger } from './trigger.ts';
import { WorkloadKind, type WorkloadRef } from './workload.ts';

/** One container image named by an application trigger's call body. */
export interface ImageOverride {
  readonly deployment: string;
  readonly container: string;
  readonly image: string;
}

export interface TriggerRun {
  readonly plan: readonly DeployStep[];
  readonly hookAction: DeployHookAction;
  readonly serialKey: string;
  /** Calls may join a queued run of the same trigger (plain redeploys), or must each run (image overrides). */
  readonly coalesce: boolean;
}

/** Rollouts of one call must finish within this (Deployment's default progressDeadlineSeconds, plus margin). */
export const TRIGGER_RUN_TIMEOUT_MS = 15 * 60_000;
export const MAX_IMAGE_OVERRIDES = 32;

export function triggerRun(trigger: Trigger, overrides: readonly ImageOverride[]): TriggerRun {
  if (trigger.type === 'deployment') {
    const workload: WorkloadRef = { namespace: trigger.namespace, kind: WorkloadKind.Deployment, name: trigger.targetName };
    return {
      plan: [{ type: 'restart', name: `restart deployment ${trigger.namespace}/${trigger.targetName}`, target: { clusterId: trigger.clusterId, workload } }],
      hookAction: 'redeploy',
      serialKey: workloadSerialKey(trigger.clusterId, workload),
      coalesce: true,
    };
  }
  if (trigger.applicationId === null) throw new AppError('INTERNAL', `Application trigger ${trigger.id} has no application.`);
  const serialKey = `application/${trigger.applicationId}`;
  if (overrides.length === 0) {
    return {
      plan: [{ type: 'restart', name: `restart application ${trigger.targetName}`, target: { applicationId: trigger.applicationId } }],
      hookAction: 'redeploy',
      serialKey,
      coalesce: true,
    };
  }
  return {
    plan: overrides.map((o) => ({
      type: 'set-image' as const,
      name: `set image ${o.deployment}/${o.container}`,
      target: { clusterId: trigger.clusterId, workload: { namespace: trigger.namespace, kind: WorkloadKind.Deployment, name: o.deployment } },
      container: o.container,
      image: o.image,
    })),
    hookAction: 'update-image',
    serialKey,
    coalesce: false,
  };
}

// An OCI reference: `[registry[:port]/]path[:tag][@algo:hex]`. The character set excludes `$`, so an image can
// never carry a `${param}` placeholder into a set-image step.
const IMAGE = /^[a-z0-9]([a-z0-9._:/-]*[a-z0-9])?(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@[a-z0-9]+([+._-][a-z0-9]+)*:[a-fA-F0-9]{32,})?$/;
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Reads ACK's application-trigger body:
 * `{"resource":{"deployment":{"metadata":{"name":"demo"},"spec":{"template":{"spec":{"containers":[{"name":"demo","image":"…"}]}}}}}}`
 * (`deployment` may also be a list of such objects). An empty body means "no override". The payload is untrusted
 * (W5): only these fields are read, each is checked, and anything else is refused with the failing pointer.
 */
export function parseImageOverrides(body: unknown): ImageOverride[] {
  if (body === undefined || body === null) return [];
  const fail = (pointer: string, detail: string): never => {
    const error: FieldError = { pointer: `/body${pointer}`, detail };
    throw new AppError('VALIDATION_FAILED', `The image override is not valid: ${error.pointer} ${detail}.`, { errors: [error] });
  };
  const resource = objectAt(body, '', fail).resource;
  if (resource === undefined) return fail('/resource', 'is required');
  const deployment = objectAt(resource, '/resource', fail).deployment;
  if (deployment === undefined) return fail('/resource/deployment', 'is required');
  const items = Array.isArray(deployment) ? deployment : [deployment];
  const overrides: ImageOverride[] = [];
  items.forEach((item: unknown, i) => {
    const at = Array.isArray(deployment) ? `/resource/deployment/${i}` : '/resource/deployment';
    const metadata = objectAt(objectAt(item, at, fail).metadata, `${at}/metadata`, fail);
    const name = stringAt(metadata.name, `${at}/metadata/name`, NAME, 253, fail);
    const containers = objectAt(objectAt(objectAt(objectAt(item, at, fail).spec, `${at}/spec`, fail).template, `${at}/spec/template`, fail).spec, `${at}/spec/template/spec`, fail).containers;
    if (!Array.isArray(containers) || containers.length === 0) return fail(`${at}/spec/template/spec/containers`, 'must be a non-empty list');
    containers.forEach((c: unknown, j) => {
      const cAt = `${at}/spec/template/spec/containers/${j}`;
      const container = objectAt(c, cAt, fail);
      overrides.push({
        deployment: name,
        container: stringAt(container.name, `${cAt}/name`, NAME, 63, fail),
        image: stringAt(container.image, `${cAt}/image`, IMAGE, 512, fail),
      });
    });
  });
  if (overrides.length > MAX_IMAGE_OVERRIDES) fail('/resource/deployment', `names more than ${MAX_IMAGE_OVERRIDES} containers`);
  const seen = new Set<string>();
  for (const o of overrides) {
    const key = `${o.deployment}/${o.container}`;
    if (seen.has(key)) fail('/resource/deployment', `names container ${key} twice`);
    seen.add(key);
  }
  return overrides;
}

function objectAt(value: unknown, pointer: string, fail: (pointer: string, detail: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(pointer, 'must be an object');
  return value as Record<string, unknown>;
}

function stringAt(value: unknown, pointer: string, pattern: RegExp, max: number, fail: (pointer: string, detail: string) => never): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || !pattern.test(value)) {
    return fail(pointer, max === 512 ? 'must be an image reference such as registry.example/app:v2' : `must be a Kubernetes name (at most ${max} characters)`);
  }
  return value;
}
