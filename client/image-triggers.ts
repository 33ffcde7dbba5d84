/**
 * Image triggers (/api/v1/image-triggers, the Tencent CCR/TCR family): a push whose tag matches a condition sets
 * one container's image. Every firing is a trigger-log row (/api/v1/trigger-logs) pointing at the deploy record
 * it started. `preview` says which tags a condition would fire for, validating the condition as a save would.
 */
import type { QuarantineEntry } from './image-trigger-quarantine.ts';
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export const INVOKE_METHODS = ['all', 'taglist', 'regex'] as const;
export type InvokeMethod = (typeof INVOKE_METHODS)[number];
export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export const TRIGGER_LOG_STATUSES = ['pending', 'succeeded', 'failed', 'stopped'] as const;
export type TriggerLogStatus = (typeof TRIGGER_LOG_STATUSES)[number];

/** all: every tag; taglist: one of the ";"-separated tags; regex: unanchored RE2 search in the tag. */
export interface TagCondition {
  readonly method: InvokeMethod;
  readonly expr: string;
}

export interface ImageTrigger {
  readonly id: string;
  readonly name: string;
  readonly repository: string;
  readonly registryHost: string | null;
  readonly condition: TagCondition;
  readonly clusterId: string;
  readonly clusterRegion: number;
  readonly namespace: string;
  readonly workloadKind: WorkloadKind;
  readonly workloadName: string;
  readonly containerName: string;
  readonly pinDigest: boolean;
  /** False: a tag that is a lower semantic version than the running one is not deployed (the no-downgrade guard). */
  readonly allowDowngrade: boolean;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreateImageTriggerInput {
  readonly name: string;
  readonly repository: string;
  readonly registryHost?: string | null;
  readonly condition: { readonly method: InvokeMethod; readonly expr?: string };
  readonly clusterId: string;
  readonly clusterRegion?: number;
  readonly namespace: string;
  readonly workloadKind?: WorkloadKind;
  readonly workloadName: string;
  readonly containerName: string;
  readonly pinDigest?: boolean;
  /** Default false (the guard is on). */
  readonly allowDowngrade?: boolean;
}

export type UpdateImageTriggerInput = Partial<Omit<CreateImageTriggerInput, 'condition'>> & {
  readonly condition?: { readonly method?: InvokeMethod; readonly expr?: string };
};

export interface TagPreview {
  readonly items: readonly { readonly tag: string; readonly matches: boolean }[];
  /** The tags that would fire, in the order given. */
  readonly matching: readonly string[];
}

export interface TriggerLog {
  readonly id: string;
  readonly triggerId: string;
  /** The trigger's name when it fired. */
  readonly triggerName: string;
  readonly eventId: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest: string | null;
  /** The reference deployed; null when none could be built. */
  readonly image: string | null;
  readonly condition: TagCondition;
  readonly target: {
    readonly clusterId: string;
    readonly clusterRegion: number;
    readonly namespace: string;
    readonly workloadKind: WorkloadKind;
    readonly workloadName: string;
    readonly containerName: string;
  };
  /** The deploy record the firing started. */
  readonly recordId: string | null;
  readonly status: TriggerLogStatus;
  /** returnCode 0 succeeded, 1 failed, 2 stopped, -1 not finished yet. */
  readonly result: { readonly returnCode: number; readonly returnMsg: string };
  readonly invokedAt: string;
}

export const TRIGGER_LOG_ORDER_BY = ['invokeTime', 'triggerName', 'repoName'] as const;
export type TriggerLogOrderBy = (typeof TRIGGER_LOG_ORDER_BY)[number];
export type SortOrder = 'asc' | 'desc';

export interface TriggerLogListParams extends PageParams {
  /** Default `desc`. A cursor pages only the order/orderBy it was made with. */
  readonly order?: SortOrder;
  /** Default `invokeTime`; ties in firing order, in the same direction. */
  readonly orderBy?: TriggerLogOrderBy;
  readonly repository?: string;
  readonly triggerId?: string;
  readonly status?: TriggerLogStatus;
  /** RFC 3339: fired at or after. */
  readonly from?: string;
  /** RFC 3339: fired at or before. */
  readonly to?: string;
}

export class ImageTriggersApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  create(input: CreateImageTriggerInput): Promise<ImageTrigger> { return this.#http.request('POST', '/image-triggers', { body: input }); }
  list(params: PageParams & { readonly repository?: string; readonly clusterId?: string } = {}): Promise<Page<ImageTrigger>> {
    const { limit, cursor, repository, clusterId } = params;
    return this.#http.request('GET', '/image-triggers', { query: { limit, cursor, repository, clusterId } });
  }
  get(id: string): Promise<ImageTrigger> { return this.#http.request('GET', `/image-triggers/${seg(id)}`); }
  /** Only the fields given change; a new name renames it. */
  update(id: string, input: UpdateImageTriggerInput): Promise<ImageTrigger> {
    return this.#http.request('PATCH', `/image-triggers/${seg(id)}`, { body: input });
  }
  delete(id: string): Promise<void> { return this.#http.request('DELETE', `/image-triggers/${seg(id)}`); }
  /** Which of `tags` a condition would fire for; an invalid condition is refused as a save would refuse it. */
  previewCondition(condition: { readonly method: InvokeMethod; readonly expr?: string }, tags: readonly string[]): Promise<TagPreview> {
    return this.#http.request('POST', '/image-triggers/preview', { body: { condition, tags } });
  }
  /** Which of `tags` this trigger would fire for. */
  preview(id: string, tags: readonly string[]): Promise<TagPreview> {
    return this.#http.request('POST', `/image-triggers/${seg(id)}/preview`, { body: { tags } });
  }

  /** Firings, newest first. */
  logs(params: TriggerLogListParams = {}): Promise<Page<TriggerLog>> {
    const { limit, cursor, order, orderBy, repository, triggerId, status, from, to } = params;
    return this.#http.request('GET', '/trigger-logs', { query: { limit, cursor, order, orderBy, repository, triggerId, status, from, to } });
  }
  log(id: string): Promise<TriggerLog> { return this.#http.request('GET', `/trigger-logs/${seg(id)}`); }

  /** Images rollbacks quarantined for this trigger (pushes of them do not fire it), newest first. */
  quarantine(id: string, page: PageParams = {}): Promise<Page<QuarantineEntry>> {
    return this.#http.request('GET', `/image-triggers/${seg(id)}/quarantine`, { query: { limit: page.limit, cursor: page.cursor } });
  }
  /** Releases one quarantined image: its next push fires the trigger again (held pushes are not replayed). */
  releaseQuarantine(id: string, entryId: string): Promise<void> {
    return this.#http.request('DELETE', `/image-triggers/${seg(id)}/quarantine/${seg(entryId)}`);
  }
}
