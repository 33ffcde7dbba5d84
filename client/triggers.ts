/**
 * Redeploy triggers (/api/v1/triggers; the ACK family): a secret URL that redeploys a Deployment or every
 * workload of an application. The URL is returned by create only; each accepted call is a deploy record, listed
 * as the trigger's invocations.
 */
import { CapstanApiError } from './capstan-api-error.ts';
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';
import type { RecordState } from './deploy-records.ts';

export type TriggerType = 'deployment' | 'application';

export interface Trigger {
  readonly id: string;
  /** ACK's decimal trigger id. */
  readonly ackId: string;
  readonly name: string;
  readonly clusterId: string;
  readonly type: TriggerType;
  readonly namespace: string;
  /** Deployment name (type deployment) or application name (type application). */
  readonly target: string;
  /** ACK project_id: namespace/target. */
  readonly projectId: string;
  readonly applicationId: string | null;
  readonly action: 'redeploy';
  readonly requireSignature: boolean;
  readonly rateLimitPerMinute: number | null;
  readonly createdBy: { readonly tokenId: string; readonly name: string } | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Returned by create only: `url` is the credential and is not shown again. */
export interface CreatedTrigger extends Trigger {
  readonly url: string;
  /** Standard Webhooks secret (whsec_…), when requireSignature is on. */
  readonly signingSecret?: string;
}

export interface CreateTriggerInput {
  readonly clusterId: string;
  readonly type?: TriggerType;
  readonly namespace: string;
  readonly target: string;
  readonly name?: string;
  readonly requireSignature?: boolean;
  readonly rateLimitPerMinute?: number;
}

export interface UpdateTriggerInput {
  readonly requireSignature?: boolean;
  /** null removes the limit. */
  readonly rateLimitPerMinute?: number | null;
}

export interface TriggerListParams extends PageParams {
  readonly clusterId?: string;
  readonly type?: TriggerType;
  readonly namespace?: string;
  readonly target?: string;
}

export interface InvocationWorkload {
  readonly clusterId: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly state: string;
  readonly message: string | null;
}

/** One accepted call of a trigger: its deploy record, in brief. */
export interface Invocation {
  readonly recordId: string;
  readonly state: RecordState;
  readonly hookAction: string;
  readonly error: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly steps: readonly {
    readonly name: string;
    readonly type: string;
    readonly state: string;
    readonly message: string | null;
    readonly workloads: readonly InvocationWorkload[];
  }[];
}

/** What the trigger URL answered (ACK's data-plane shape): `requestId` is the deploy record id. */
export interface TriggerCallResult {
  readonly code: string;
  readonly message: string;
  readonly requestId: string;
}

export class TriggersApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  create(input: CreateTriggerInput): Promise<CreatedTrigger> { return this.#http.request('POST', '/triggers', { body: input }); }
  list(params: TriggerListParams = {}): Promise<Page<Trigger>> {
    const { limit, cursor, clusterId, type, namespace, target } = params;
    return this.#http.request('GET', '/triggers', { query: { limit, cursor, clusterId, type, namespace, target } });
  }
  get(id: string): Promise<Trigger> { return this.#http.request('GET', `/triggers/${seg(id)}`); }
  /** Turning requireSignature on returns the new signingSecret, once. */
  update(id: string, input: UpdateTriggerInput): Promise<Trigger & { readonly signingSecret?: string }> {
    return this.#http.request('PATCH', `/triggers/${seg(id)}`, { body: input });
  }
  delete(id: string): Promise<void> { return this.#http.request('DELETE', `/triggers/${seg(id)}`); }
  invocations(id: string, params: PageParams & { readonly state?: RecordState } = {}): Promise<Page<Invocation>> {
    return this.#http.request('GET', `/triggers/${seg(id)}/invocations`, { query: { limit: params.limit, cursor: params.cursor, state: params.state } });
  }

  /**
   * Calls a trigger URL as a CI job would (POST, no API token: the URL is the credential). Resolves with the
   * answer once the deploy record is committed; a refusal (404 for an unknown or revoked URL, 429, …) rejects
   * with CapstanApiError carrying ACK's code and message.
   */
  async call(url: string, body?: unknown): Promise<TriggerCallResult> {
    const answer = await this.#http.callUrl('POST', url, body);
    const b = (answer.body ?? {}) as Partial<TriggerCallResult>;
    if (answer.status >= 200 && answer.status < 300 && typeof b.requestId === 'string') {
      return { code: String(b.code ?? answer.status), message: String(b.message ?? ''), requestId: b.requestId };
    }
    const message = typeof b.message === 'string' ? b.message : '';
    throw new CapstanApiError({
      type: 'about:blank', title: answer.status === 404 ? 'Trigger URL not found' : `Trigger call refused (HTTP ${answer.status})`,
      status: answer.status, detail: message, code: typeof b.code === 'string' ? `ACK_${b.code}` : `HTTP_${answer.status}`,
      ...(typeof b.requestId === 'string' ? { requestId: b.requestId } : {}),
    });
  }
}
