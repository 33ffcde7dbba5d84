/**
 * A trigger URL (Alibaba ACK application trigger, seed-apis.md §1 and §5.2 "Trigger" with source `webhook`): a
 * secret URL that, when called, redeploys one Deployment (`type: deployment`) or every workload of an application
 * (`type: application`). Each call becomes a deploy record (domain/deploy-record.ts) with the trigger's id, so the
 * records are the trigger's invocation history.
 *
 * The URL's token is never stored: it is a server-signed reference `{clusterId, id, jti}` recomputed on demand
 * (app/triggers/trigger-token.ts). Deleting the row revokes it; `jti` keeps a later trigger that happens to get the
 * same numbers from honouring an old token.
 */
import { DNS_LABEL } from './label-selector.ts';
import type { FieldError } from './errors.ts';

export const TriggerType = { deployment: 'deployment', application: 'application' } as const;
export type TriggerType = (typeof TriggerType)[keyof typeof TriggerType];
export const TRIGGER_TYPES: readonly TriggerType[] = Object.values(TriggerType);

/** ACK: "You can use triggers only to redeploy pods" (seed); legacy `scaling` is not implemented. */
export const TriggerAction = { redeploy: 'redeploy' } as const;
export type TriggerAction = (typeof TriggerAction)[keyof typeof TriggerAction];
export const TRIGGER_ACTIONS: readonly TriggerAction[] = Object.values(TriggerAction);

export interface Trigger {
  /** Internal UUID (native API). */
  readonly id: string;
  readonly accountId: string;
  readonly clusterId: string;
  /** ACK's `id`: a per-account decimal sequence, never reused, rendered as a string. */
  readonly ackId: number;
  /** DescribeTrigger's `name`: server-generated `<target>-redeploy-<ackId>` unless given on the native API. */
  readonly name: string;
  readonly type: TriggerType;
  /** The two halves of ACK's `project_id` (`namespace/name`). */
  readonly namespace: string;
  /** Deployment name (`deployment`) or application name (`application`). */
  readonly targetName: string;
  /** Set for `application` triggers; deleting the application deletes the trigger. */
  readonly applicationId: string | null;
  readonly action: TriggerAction;
  /** Random per trigger; part of the signed token. Not a secret: forging a token needs the server key. */
  readonly jti: string;
  /** Calls must also carry a valid Standard Webhooks signature (protocols-reliability.md §3.2, W2/W3). */
  readonly requireSignature: boolean;
  /** Accepted calls per minute (token bucket, burst = the limit); null = unlimited. */
  readonly rateLimitPerMinute: number | null;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  /**
   * The newest plain-redeploy record this trigger started. While it is still queued, further calls join it
   * (coalescing, Q10) with one read by primary key; moved on only by compare-and-set (TriggerRepo.claimRedeploy).
   */
  readonly lastRedeployRecordId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** RFC 1123 subdomain (Deployment names): ≤ 253 characters, dot-separated DNS labels. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = new RegExp(DNS_LABEL);

export const MAX_RATE_LIMIT_PER_MINUTE = 100_000;

export function projectIdOf(trigger: Pick<Trigger, 'namespace' | 'targetName'>): string {
  return `${trigger.namespace}/${trigger.targetName}`;
}

/**
 * Splits ACK's `project_id` (`${namespace}/${name}`, e.g. `default/test-app`): exactly one `/`, the namespace an
 * RFC 1123 label (≤ 63), the name an RFC 1123 subdomain (≤ 253) — what Kubernetes accepts for them (§1.2 [inf]).
 * Returns the reason as a FieldError at `pointer` when it is not one.
 */
export function parseProjectId(projectId: string, pointer: string): { namespace: string; name: string } | FieldError {
  const parts = projectId.split('/');
  if (parts.length !== 2) return { pointer, detail: 'must be "<namespace>/<name>", e.g. default/test-app' };
  const [namespace, name] = parts as [string, string];
  if (namespace.length > 63 || !LABEL.test(namespace)) {
    return { pointer, detail: `namespace "${namespace}" is not a DNS label (lower-case letters, digits and "-", at most 63)` };
  }
  if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    return { pointer, detail: `name "${name}" is not a DNS subdomain (lower-case letters, digits, "-" and ".", at most 253)` };
  }
  return { namespace, name };
}

export function defaultTriggerName(targetName: string, action: TriggerAction, ackId: number): string {
  return `${targetName}-${action}-${ackId}`;
}

/** Parses ACK's decimal `Id` path value; null when it is not one (then no trigger has it). */
export function parseAckId(raw: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) return null;
  const value = Number(raw);
  return Number.isSafeInteger(value) ? value : null;
}
