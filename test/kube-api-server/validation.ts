// The validation rules clients are most likely to trip over, with the field paths and wording of
// k8s.io/kubernetes pkg/apis/{apps,core}/validation (rendered as 422 Invalid by status.ts `invalid`).
import { labelsMatchSelector } from './selectors.ts';
import type { FieldError } from './status.ts';
import { canonicalJson, isObject, type KubeObject, type LabelSelector } from './types.ts';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

export function validateObject(obj: KubeObject): FieldError[] {
  const errors = validateName(obj.metadata.name);
  if (WORKLOADS.has(obj.kind)) errors.push(...validateWorkload(obj));
  if (obj.kind === 'Pod') errors.push(...validateContainers(obj.spec?.containers, obj.spec?.initContainers, 'spec'));
  if (obj.kind === 'VolumeSnapshot' && !isObject(obj.spec?.source)) errors.push({ field: 'spec.source', type: 'FieldValueRequired', detail: 'Required value' });
  return errors;
}

/** Update-only rules: apps/v1 selectors are immutable (ValidateDeploymentUpdate and friends). */
export function validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateObject(obj);
  if (WORKLOADS.has(obj.kind) && canonicalJson(obj.spec?.selector) !== canonicalJson(old.spec?.selector)) {
    errors.push({ field: 'spec.selector', type: 'FieldValueInvalid', detail: `Invalid value: ${JSON.stringify(obj.spec?.selector)}: field is immutable` });
  }
  return errors;
}

function validateName(name: string | undefined): FieldError[] {
  if (!name) return [{ field: 'metadata.name', type: 'FieldValueRequired', detail: 'Required value: name or generateName is required' }];
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    return [{
      field: 'metadata.name', type: 'FieldValueInvalid',
      detail: `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    }];
  }
  return [];
}

function validateWorkload(obj: KubeObject): FieldError[] {
  const spec = obj.spec ?? {};
  const errors: FieldError[] = [];
  const replicas = spec.replicas;
  if (typeof replicas === 'number' && replicas < 0) errors.push({ field: 'spec.replicas', type: 'FieldValueInvalid', detail: `Invalid value: ${replicas}: must be greater than or equal to 0` });
  const selector = spec.selector as LabelSelector | undefined;
  const template = isObject(spec.template) ? spec.template : {};
  const labels = (isObject(template.metadata) ? template.metadata.labels : undefined) as Record<string, string> | undefined;
  if (!isObject(selector)) errors.push({ field: 'spec.selector', type: 'FieldValueRequired', detail: 'Required value' });
  else if (Object.keys(selector.matchLabels ?? {}).length + ((selector as LabelSelector).matchExpressions ?? []).length === 0) {
    errors.push({ field: 'spec.selector', type: 'FieldValueInvalid', detail: 'Invalid value: "{}": empty selector is invalid for deployment' });
  } else if (!labelsMatchSelector(labels, selector)) {
    errors.push({ field: 'spec.template.metadata.labels', type: 'FieldValueInvalid', detail: `Invalid value: ${JSON.stringify(labels ?? {})}: \`selector\` does not match template \`labels\`` });
  }
  const podSpec = isObject(template.spec) ? template.spec : {};
  errors.push(...validateContainers(podSpec.containers, podSpec.initContainers, 'spec.template.spec'));
  return errors;
}

function validateContainers(containers: unknown, initContainers: unknown, base: string): FieldError[] {
  if (!Array.isArray(containers) || containers.length === 0) return [{ field: `${base}.containers`, type: 'FieldValueRequired', detail: 'Required value' }];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const lists: [string, unknown[]][] = [['initContainers', Array.isArray(initContainers) ? initContainers : []], ['containers', containers]];
  for (const [field, list] of lists) {
    list.forEach((c, i) => {
      const path = `${base}.${field}[${i}]`;
      const name = isObject(c) ? c.name : undefined;
      if (typeof name !== 'string' || name === '') errors.push({ field: `${path}.name`, type: 'FieldValueRequired', detail: 'Required value' });
      else if (seen.has(name)) errors.push({ field: `${path}.name`, type: 'FieldValueDuplicate', detail: `Duplicate value: ${JSON.stringify(name)}` });
      else seen.add(name);
      if (!isObject(c) || typeof c.image !== 'string' || c.image === '') errors.push({ field: `${path}.image`, type: 'FieldValueRequired', detail: 'Required value' });
    });
  }
  return errors;
}
