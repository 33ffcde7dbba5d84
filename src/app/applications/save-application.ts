import { defaultSelector, type Application } from '../../domain/application.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { checkLabelSelector } from '../../domain/label-selector.ts';
import type { AppDeps } from '../deps.ts';

export interface ApplicationInput {
  readonly accountId: string;
  readonly name: string;
  readonly clusterId: string;
  readonly namespace: string;
  readonly selector?: string | undefined;
}

/** Creates an application; the selector defaults to `app.kubernetes.io/instance=<name>`. */
export async function createApplication(deps: AppDeps, input: ApplicationInput): Promise<Application> {
  const selector = validSelector(input.selector ?? defaultSelector(input.name));
  if (!(await deps.store.clusters.get(input.accountId, input.clusterId))) {
    throw notFound('CLUSTER_NOT_FOUND', 'Cluster', input.clusterId);
  }
  const now = deps.clock.now();
  const app: Application = { id: deps.ids.newId(), accountId: input.accountId, clusterId: input.clusterId,
    name: input.name, namespace: input.namespace, selector, createdAt: now, updatedAt: now };
  await deps.store.applications.insert(app);
  return app;
}

/** Full replace (PUT). The cluster of an application cannot change: its workloads live there. */
export async function replaceApplication(deps: AppDeps, id: string, input: ApplicationInput): Promise<Application> {
  const current = await deps.store.applications.get(input.accountId, id);
  if (!current) throw notFound('APPLICATION_NOT_FOUND', 'Application', id);
  if (current.clusterId !== input.clusterId) {
    throw new AppError('FIELD_IMMUTABLE', 'clusterId cannot be changed; create a new application instead.', {
      errors: [{ pointer: '/body/clusterId', detail: `is ${current.clusterId} and cannot be changed` }],
    });
  }
  const next: Application = { ...current, name: input.name, namespace: input.namespace,
    selector: validSelector(input.selector ?? defaultSelector(input.name)), updatedAt: deps.clock.now() };
  await deps.store.applications.update(next);
  return next;
}

function validSelector(selector: string): string {
  const reason = checkLabelSelector(selector);
  if (reason) throw new AppError('SELECTOR_INVALID', reason, { errors: [{ pointer: '/body/selector', detail: reason }] });
  return selector;
}
