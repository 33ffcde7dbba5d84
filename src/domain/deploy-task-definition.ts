/**
 * The checks a deploy task's definition must pass before it is stored, so that a mistake is refused with the field
 * that holds it instead of failing a run later: names and lengths, parameter declarations (domain/task-params.ts),
 * and for every step its Kubernetes names, that each `${param}` it uses is declared (the runner refuses unknown
 * ones at run time too), that a `${param}` in a cluster or application field names a `host_group` parameter, and
 * that an `apply` manifest is YAML holding Kubernetes objects. An `Available` task needs an enabled step; a
 * `Draft` may be incomplete in that one respect.
 *
 * Pointers follow the native request body (`/body/steps/0/clusterId`); surfaces that cannot edit steps never see
 * step errors from their own requests.
 */
import { parseAllDocuments } from 'yaml';
import { CLUSTER_ID_PATTERN } from './cluster.ts';
import type { FieldError } from './errors.ts';
import {
  checkDescription, checkTaskName, isApplicationTarget, MAX_TASK_TIMEOUT_SECONDS, ParamType, type TaskState, type TaskStep, type TaskTarget,
} from './deploy-task.ts';
import { DNS_LABEL } from './label-selector.ts';
import { checkParamDefs, placeholdersIn, wholePlaceholder, type ParamDefInput } from './task-params.ts';

export const MAX_STEPS = 100;
export const MAX_MANIFEST_LENGTH = 262_144;
export const MAX_IMAGE_LENGTH = 512;

export interface TaskDefinition {
  readonly name: string;
  readonly description: string;
  readonly state: TaskState;
  readonly params: readonly ParamDefInput[];
  readonly steps: readonly TaskStep[];
  readonly timeoutSeconds: number;
}

const CLUSTER_ID = new RegExp(CLUSTER_ID_PATTERN);
const APPLICATION_ID = /^[A-Za-z0-9-]{1,64}$/;
const LABEL = new RegExp(DNS_LABEL);
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkTaskDefinition(def: TaskDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const push = (e: FieldError | null): void => {
    if (e) errors.push(e);
  };
  push(checkTaskName(def.name, '/body/name'));
  push(checkDescription(def.description, '/body/description'));
  if (!Number.isInteger(def.timeoutSeconds) || def.timeoutSeconds < 1 || def.timeoutSeconds > MAX_TASK_TIMEOUT_SECONDS) {
    errors.push({ pointer: '/body/timeoutSeconds', detail: `must be a whole number of seconds from 1 to ${MAX_TASK_TIMEOUT_SECONDS}` });
  }
  errors.push(...checkParamDefs(def.params, '/body/params'));
  const types = new Map(def.params.map((p) => [p.name, p.type]));
  if (def.steps.length > MAX_STEPS) errors.push({ pointer: '/body/steps', detail: `must hold at most ${MAX_STEPS} steps` });
  else def.steps.forEach((step, i) => errors.push(...checkStep(step, `/body/steps/${i}`, types)));
  if (def.state === 'Available' && !def.steps.some((s) => s.enabled)) {
    errors.push({ pointer: '/body/steps', detail: 'must hold at least one enabled step for an Available task (save it as a Draft until then)' });
  }
  return errors;
}

function checkStep(step: TaskStep, at: string, types: ReadonlyMap<string, string>): FieldError[] {
  const errors: FieldError[] = [];
  if (step.name.length < 1 || step.name.length > 128) errors.push({ pointer: `${at}/name`, detail: 'must be 1–128 characters' });
  switch (step.type) {
    case 'set-image':
      errors.push(...checkTarget(step.target, at, types));
      if (!LABEL.test(step.container) || step.container.length > 63) errors.push({ pointer: `${at}/container`, detail: 'must be a container name (an RFC 1123 label)' });
      if (step.image.length < 1 || step.image.length > MAX_IMAGE_LENGTH) errors.push({ pointer: `${at}/image`, detail: `must be 1–${MAX_IMAGE_LENGTH} characters` });
      errors.push(...checkPlaceholders(step.image, `${at}/image`, types));
      break;
    case 'restart':
      errors.push(...checkTarget(step.target, at, types));
      break;
    case 'wait-rollout':
      errors.push(...checkTarget(step.target, at, types));
      if (step.timeoutSeconds !== null && (!Number.isInteger(step.timeoutSeconds) || step.timeoutSeconds < 1 || step.timeoutSeconds > MAX_TASK_TIMEOUT_SECONDS)) {
        errors.push({ pointer: `${at}/timeoutSeconds`, detail: `must be a whole number of seconds from 1 to ${MAX_TASK_TIMEOUT_SECONDS}` });
      }
      break;
    case 'apply':
      errors.push(...checkCluster(step.clusterId, `${at}/clusterId`, types));
      if (!LABEL.test(step.namespace) || step.namespace.length > 63) errors.push({ pointer: `${at}/namespace`, detail: 'must be a namespace name (an RFC 1123 label)' });
      errors.push(...checkManifest(step.manifest, `${at}/manifest`), ...checkPlaceholders(step.manifest, `${at}/manifest`, types));
      break;
  }
  return errors;
}

function checkTarget(target: TaskTarget, at: string, types: ReadonlyMap<string, string>): FieldError[] {
  if (isApplicationTarget(target)) return checkReference(target.applicationId, `${at}/applicationId`, APPLICATION_ID, 'an application id', types);
  const errors = checkCluster(target.clusterId, `${at}/clusterId`, types);
  if (!LABEL.test(target.namespace) || target.namespace.length > 63) errors.push({ pointer: `${at}/namespace`, detail: 'must be a namespace name (an RFC 1123 label)' });
  if (!SUBDOMAIN.test(target.workload) || target.workload.length > 253) errors.push({ pointer: `${at}/workload`, detail: 'must be a workload name (an RFC 1123 subdomain)' });
  return errors;
}

function checkCluster(clusterId: string, pointer: string, types: ReadonlyMap<string, string>): FieldError[] {
  return checkReference(clusterId, pointer, CLUSTER_ID, 'a cluster id', types);
}

/** A cluster or application field: a literal id, or exactly `${param}` of a declared host_group parameter. */
function checkReference(value: string, pointer: string, literal: RegExp, what: string, types: ReadonlyMap<string, string>): FieldError[] {
  const param = wholePlaceholder(value);
  if (param === null) return literal.test(value) ? [] : [{ pointer, detail: `must be ${what} or \${param} naming a host_group parameter` }];
  const type = types.get(param);
  if (type === undefined) return [{ pointer, detail: `uses \${${param}}, which the task does not declare` }];
  return type === ParamType.hostGroup ? [] : [{ pointer, detail: `uses \${${param}}, a ${type} parameter; only host_group parameters may choose ${what}` }];
}

function checkPlaceholders(text: string, pointer: string, types: ReadonlyMap<string, string>): FieldError[] {
  return placeholdersIn(text)
    .filter((name) => !types.has(name))
    .map((name) => ({ pointer, detail: `uses \${${name}}, which the task does not declare (write $\${ for a literal "\${")` }));
}

function checkManifest(manifest: string, pointer: string): FieldError[] {
  if (manifest.length > MAX_MANIFEST_LENGTH) return [{ pointer, detail: `must be at most ${MAX_MANIFEST_LENGTH} characters` }];
  let objects = 0;
  for (const doc of parseAllDocuments(manifest)) {
    const problem = doc.errors[0];
    if (problem) return [{ pointer, detail: `is not valid YAML: ${problem.message.split('\n')[0] ?? ''}` }];
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    objects++;
    const object = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
    if (typeof value !== 'object' || Array.isArray(value) || typeof object.apiVersion !== 'string' || typeof object.kind !== 'string'
      || typeof object.metadata?.name !== 'string') {
      return [{ pointer, detail: `document ${objects} must be a Kubernetes object with apiVersion, kind and metadata.name` }];
    }
  }
  return objects === 0 ? [{ pointer, detail: 'must hold at least one Kubernetes object' }] : [];
}
