/**
 * Deploy tasks (/api/v1/deploy-tasks, the Huawei CodeArts family): declared parameters and ordered steps. Each
 * start is a deploy record whose plan is the task's enabled steps at that moment; `start` with `recordId` rolls
 * back to one of the task's records instead.
 */
import type { DeployRecord } from './deploy-records.ts';
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';
import type { WorkloadKind } from './image-triggers.ts';

export const PARAM_TYPES = ['text', 'enum', 'encrypt', 'host_group'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export const TASK_STEP_TYPES = ['set-image', 'restart', 'wait-rollout', 'apply'] as const;
export type TaskStepType = (typeof TASK_STEP_TYPES)[number];
export type TaskState = 'Draft' | 'Available';
/** "0" any token with deploy permission may start it, "1" pipeline tokens only. */
export type TriggerSource = '0' | '1';
/** What an encrypt parameter's value is shown as; sending it back keeps the stored secret. */
export const MASKED_VALUE = '******';

export interface TaskParam {
  readonly name: string;
  readonly type: ParamType;
  /** Default; encrypt values are shown as ******. */
  readonly value: string;
  readonly description: string;
  /** Fixed in the task: a start may not set it. */
  readonly static: boolean;
  /** Allowed values of an enum parameter. */
  readonly limits: readonly string[];
}

/** One step, flat: `type` says which fields apply. */
export interface TaskStep {
  readonly name: string;
  readonly type: TaskStepType;
  readonly enabled?: boolean;
  readonly clusterId?: string;
  readonly applicationId?: string;
  readonly namespace?: string;
  readonly kind?: WorkloadKind;
  readonly workload?: string;
  readonly container?: string;
  readonly image?: string;
  readonly manifest?: string;
  readonly waitRollout?: boolean;
  readonly timeoutSeconds?: number;
}

export interface DeployTask {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly state: TaskState;
  readonly projectId: string;
  readonly projectName: string;
  readonly templateId: string | null;
  readonly params: readonly TaskParam[];
  readonly steps: readonly (TaskStep & { readonly enabled: boolean })[];
  readonly triggerSource: TriggerSource;
  readonly artifactSourceSystem: string | null;
  readonly artifactType: 'generic' | 'docker' | null;
  readonly timeoutSeconds: number;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface TaskDefinitionInput {
  readonly name: string;
  readonly description?: string;
  readonly state?: TaskState;
  readonly params?: readonly (Partial<Omit<TaskParam, 'name' | 'type'>> & { readonly name: string; readonly type: ParamType })[];
  readonly steps: readonly TaskStep[];
  readonly triggerSource?: TriggerSource;
  readonly timeoutSeconds?: number;
}

export class DeployTasksApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  create(input: TaskDefinitionInput & { readonly projectId?: string; readonly projectName?: string }): Promise<DeployTask> {
    return this.#http.request('POST', '/deploy-tasks', { body: input });
  }
  list(params: PageParams & { readonly projectId?: string } = {}): Promise<Page<DeployTask>> {
    return this.#http.request('GET', '/deploy-tasks', { query: { limit: params.limit, cursor: params.cursor, projectId: params.projectId } });
  }
  get(id: string): Promise<DeployTask> { return this.#http.request('GET', `/deploy-tasks/${seg(id)}`); }
  /** Replaces the definition; runs already started keep their plan. */
  replace(id: string, input: TaskDefinitionInput): Promise<DeployTask> { return this.#http.request('PUT', `/deploy-tasks/${seg(id)}`, { body: input }); }
  update(id: string, input: Partial<TaskDefinitionInput>): Promise<DeployTask> { return this.#http.request('PATCH', `/deploy-tasks/${seg(id)}`, { body: input }); }
  delete(id: string): Promise<void> { return this.#http.request('DELETE', `/deploy-tasks/${seg(id)}`); }

  /** Starts a run with these parameter values; resolves with the queued record. */
  start(id: string, params: Readonly<Record<string, string>> = {}): Promise<DeployRecord> {
    return this.#http.request('POST', `/deploy-tasks/${seg(id)}/start`, { body: Object.keys(params).length > 0 ? { params } : {} });
  }
  /** Rolls back to one of the task's records (a new record of type rollback). */
  rollbackTo(id: string, recordId: string): Promise<DeployRecord> {
    return this.#http.request('POST', `/deploy-tasks/${seg(id)}/start`, { body: { recordId } });
  }
  records(id: string, page: PageParams = {}): Promise<Page<DeployRecord>> {
    return this.#http.request('GET', `/deploy-tasks/${seg(id)}/records`, { query: { limit: page.limit, cursor: page.cursor } });
  }
}
