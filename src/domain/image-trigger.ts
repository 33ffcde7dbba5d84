/**
 * An image trigger (Tencent CCR/TCR image-push trigger, seed-apis.md §2 and §5.2 "Trigger" with source
 * `image_push`): when a tag of `repository` is pushed and the tag satisfies `condition`, the image of one container
 * of one workload is set to the pushed image. Each firing is a deploy record (origin `image-push`) plus a trigger
 * log row that snapshots the condition and the target as they were (domain/image-trigger-log.ts).
 *
 * Triggers are addressed by `name` on the Tencent surfaces (unique per account, renamable) and by `id` natively.
 */
import type { FieldError } from './errors.ts';
import { isRegistryHost, isRepository } from './image-push-event.ts';
import type { TagCondition } from './image-trigger-condition.ts';
import { DNS_LABEL } from './label-selector.ts';
import type { WorkloadKind } from './workload.ts';

/** The settings a trigger is written with (create, or the result of a modify), before they are checked. */
export interface ImageTriggerFields {
  /** Tencent `triggerName`: 1–64 of `[A-Za-z0-9_-]`, unique per account. */
  readonly name: string;
  /**
   * Repository path inside the registry (`namespace/repo`, Tencent `reponame`), stored lower case: image references
   * are lower case (the OCI grammar; Kubernetes refuses others), while GHCR and Alibaba deliver names as typed.
   */
  readonly repository: string;
  /**
   * Optional registry host (`registry.example:5000`). When set, pushes from other hosts do not match, and pushes
   * whose sender did not say the host (JFrog, Nexus) are deployed from this one. Null: any host, as Tencent.
   */
  readonly registryHost: string | null;
  readonly condition: TagCondition;
  /** The Capstan cluster id (Tencent `clusterId`). */
  readonly clusterId: string;
  /** Tencent region code (`1` Guangzhou, `4` Shanghai, …); stored and echoed, never interpreted. 0 = not given. */
  readonly clusterRegion: number;
  readonly namespace: string;
  readonly workloadKind: WorkloadKind;
  /** Tencent `serviceName` / `WorkloadName`. */
  readonly workloadName: string;
  readonly containerName: string;
  /** Deploy `repo:tag@digest` when the push carries a canonical digest (so a re-pushed tag really rolls out). */
  readonly pinDigest: boolean;
  /**
   * False: a push whose tag is a lower semantic version than the container's running tag is not deployed (the
   * no-downgrade guard, downgrade-guard.ts). Native triggers default to false; triggers made through the Tencent
   * surfaces default to true, as Tencent fires on every match.
   */
  readonly allowDowngrade: boolean;
}

export interface ImageTrigger extends ImageTriggerFields {
  readonly id: string;
  readonly accountId: string;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Tencent fixes these for every trigger: the source is an image push, the action a service update. */
export const INVOKE_SOURCE = 'IMAGE_PUSH';
export const INVOKE_ACTION = 'SERVICE_UPDATE';

export const TRIGGER_NAME_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const TRIGGER_NAME = new RegExp(TRIGGER_NAME_PATTERN);
/** RFC 1123 subdomain (workload names), ≤ 253. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = new RegExp(DNS_LABEL);
/** Tencent region codes are small positive integers; 0 means "not given". */
export const MAX_CLUSTER_REGION = 1_000_000;

export type ImageTriggerField = keyof ImageTriggerFields;

/**
 * How messages name each field: by what it is, not by one surface's parameter name, so the same sentence reads
 * right on the native API (`workloadName`), Tencent 2.0 (`serviceName`) and 3.0 (`WorkloadName`).
 */
export const FIELD_LABELS: Readonly<Record<ImageTriggerField, string>> = {
  name: 'the trigger name',
  repository: 'the repository',
  registryHost: 'the registry host',
  condition: 'the tag condition',
  clusterId: 'the cluster id',
  clusterRegion: 'the cluster region',
  namespace: 'the namespace',
  workloadKind: 'the workload kind',
  workloadName: 'the workload (service) name',
  containerName: 'the container name',
  pinDigest: 'pinDigest',
  allowDowngrade: 'allowDowngrade',
};

/**
 * Checks everything except the condition (image-trigger-condition.ts) and the cluster's existence (the store's
 * foreign key). Returns one FieldError per bad field, at `/body/<field>`.
 */
export function checkImageTriggerFields(fields: ImageTriggerFields): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: ImageTriggerField, detail: string): void => {
    errors.push({ pointer: `/body/${field}`, detail });
  };
  if (!TRIGGER_NAME.test(fields.name)) add('name', 'must be 1–64 letters, digits, "_" or "-"');
  if (!isRepository(fields.repository)) add('repository', 'must be a repository path such as "team/app" (lower-case letters, digits, ".", "_", "-", separated by "/")');
  if (fields.registryHost !== null && !isRegistryHost(fields.registryHost)) add('registryHost', 'must be a host name with an optional port, e.g. "registry.example:5000"');
  if (!Number.isSafeInteger(fields.clusterRegion) || fields.clusterRegion < 0 || fields.clusterRegion > MAX_CLUSTER_REGION) {
    add('clusterRegion', `must be an integer region code from 0 to ${MAX_CLUSTER_REGION}`);
  }
  if (fields.namespace.length > 63 || !LABEL.test(fields.namespace)) add('namespace', 'must be a DNS label (lower-case letters, digits and "-", at most 63)');
  if (fields.workloadName.length > 253 || !DNS_SUBDOMAIN.test(fields.workloadName)) {
    add('workloadName', 'must be a DNS subdomain (lower-case letters, digits, "-" and ".", at most 253)');
  }
  if (fields.containerName.length > 63 || !LABEL.test(fields.containerName)) add('containerName', 'must be a DNS label (lower-case letters, digits and "-", at most 63)');
  return errors;
}

/** Repository names compare case-insensitively; the stored and matched form is lower case. */
export function normalizeRepository(repository: string): string {
  return repository.trim().toLowerCase();
}
