/**
 * Execution hooks (/api/v1/hook-sources, /execution-hooks, /hook-runs; the NetApp Astra family): scripts that run
 * inside the containers matching RE2 criteria, before or after an action (Astra's snapshot/backup/restore/
 * failover, and Capstan's deploy actions). Getting one hook also previews the containers it would run in now.
 */
import { seg, type ApiTransport } from './transport.ts';
import type { Page, PageParams } from './types.ts';

export const HOOK_ACTIONS = ['snapshot', 'backup', 'restore', 'failover', 'redeploy', 'update-image', 'deploy', 'rollback'] as const;
export type HookAction = (typeof HOOK_ACTIONS)[number];
export const HOOK_STAGES = ['pre', 'post'] as const;
export type HookStage = (typeof HOOK_STAGES)[number];
export const FAILURE_MODES = ['soft', 'hard'] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];
export const CRITERION_TYPES = ['containerImage', 'containerName', 'podName', 'podLabel', 'namespaceName'] as const;
export type CriterionType = (typeof CRITERION_TYPES)[number];

export interface Label {
  readonly name: string;
  readonly value: string;
}

export interface HookSource {
  readonly id: string;
  readonly name: string;
  readonly sourceType: string;
  /** Base64 of the script; absent for private sources. */
  readonly source?: string;
  readonly sourceMd5: string;
  readonly private: boolean;
  /** Shipped with Capstan (the NetApp-provided hooks); read-only. */
  readonly preloaded: boolean;
  readonly description: string;
  readonly labels: readonly Label[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface HookSourceInput {
  readonly name: string;
  /** Base64 of the script (≤ 96 KiB decoded, UTF-8, LF line endings); start it with #! to pick the interpreter. */
  readonly source: string;
  readonly description?: string;
  readonly labels?: readonly Label[];
}

export interface MatchingCriterion {
  readonly type: CriterionType;
  /** RE2, searched unanchored. */
  readonly value: string;
}

export interface HookTarget {
  readonly namespace: string;
  readonly podName: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly containerName: string;
  readonly containerImage: string;
}

export interface ExecutionHook {
  readonly id: string;
  readonly name: string;
  /** custom, or netapp for the NetApp-provided hooks. */
  readonly hookType: string;
  readonly applicationId: string | null;
  readonly action: HookAction;
  readonly stage: HookStage;
  readonly matchingCriteria: readonly MatchingCriterion[];
  readonly hookSourceId: string;
  readonly arguments: readonly string[];
  readonly enabled: boolean;
  readonly description: string;
  readonly failureMode: FailureMode;
  readonly timeoutSeconds: number | null;
  readonly labels: readonly Label[];
  readonly createdAt: string;
  readonly updatedAt: string;
  /** On get: the containers it would run in now; null when the cluster cannot be reached. */
  readonly matches?: { readonly containers: readonly HookTarget[]; readonly images: readonly string[] } | null;
}

export interface ExecutionHookInput {
  readonly name: string;
  readonly applicationId: string;
  readonly action: HookAction;
  readonly stage: HookStage;
  readonly hookSourceId: string;
  /** All must match (AND); none = every container of the application. */
  readonly matchingCriteria?: readonly MatchingCriterion[];
  readonly arguments?: readonly string[];
  readonly enabled?: boolean;
  readonly description?: string;
  readonly failureMode?: FailureMode;
  readonly timeoutSeconds?: number | null;
  readonly labels?: readonly Label[];
}

export interface HookRun {
  readonly id: string;
  readonly recordId: string | null;
  readonly operationId: string | null;
  readonly seq: number;
  readonly executionHookId: string;
  readonly hookName: string;
  readonly hookType: string;
  readonly applicationId: string;
  readonly action: string;
  readonly stage: string;
  readonly failureMode: string;
  readonly arguments: readonly string[];
  readonly namespace: string | null;
  readonly podName: string | null;
  readonly containerName: string | null;
  readonly containerImage: string | null;
  /** running, succeeded, failed, timedOut or skipped (no containers matched). */
  readonly state: string;
  readonly exitCode: number | null;
  readonly returnCode: string;
  readonly message: string | null;
  readonly stdoutTail: string;
  readonly stderrTail: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number | null;
}

export class HooksApi {
  readonly #http: ApiTransport;
  constructor(http: ApiTransport) {
    this.#http = http;
  }

  createSource(input: HookSourceInput): Promise<HookSource> { return this.#http.request('POST', '/hook-sources', { body: input }); }
  listSources(page: PageParams = {}): Promise<Page<HookSource>> {
    return this.#http.request('GET', '/hook-sources', { query: { limit: page.limit, cursor: page.cursor } });
  }
  getSource(id: string): Promise<HookSource> { return this.#http.request('GET', `/hook-sources/${seg(id)}`); }
  /** Hooks run the new script from their next action. */
  replaceSource(id: string, input: HookSourceInput): Promise<HookSource> { return this.#http.request('PUT', `/hook-sources/${seg(id)}`, { body: input }); }
  deleteSource(id: string): Promise<void> { return this.#http.request('DELETE', `/hook-sources/${seg(id)}`); }

  create(input: ExecutionHookInput): Promise<ExecutionHook> { return this.#http.request('POST', '/execution-hooks', { body: input }); }
  list(params: PageParams & { readonly applicationId?: string } = {}): Promise<Page<ExecutionHook>> {
    return this.#http.request('GET', '/execution-hooks', { query: { limit: params.limit, cursor: params.cursor, applicationId: params.applicationId } });
  }
  /** With `matches`: the containers it would run in now. */
  get(id: string): Promise<ExecutionHook> { return this.#http.request('GET', `/execution-hooks/${seg(id)}`); }
  replace(id: string, input: ExecutionHookInput): Promise<ExecutionHook> { return this.#http.request('PUT', `/execution-hooks/${seg(id)}`, { body: input }); }
  delete(id: string): Promise<void> { return this.#http.request('DELETE', `/execution-hooks/${seg(id)}`); }

  settings(): Promise<{ readonly enabled: boolean }> { return this.#http.request('GET', '/execution-hook-settings'); }
  setEnabled(enabled: boolean): Promise<{ readonly enabled: boolean }> { return this.#http.request('PUT', '/execution-hook-settings', { body: { enabled } }); }

  /** The hook runs of a deploy record, in the order they ran. */
  runsOfRecord(recordId: string, page: PageParams = {}): Promise<Page<HookRun>> {
    return this.#http.request('GET', `/deploy-records/${seg(recordId)}/hook-runs`, { query: { limit: page.limit, cursor: page.cursor } });
  }
  run(id: string): Promise<HookRun> { return this.#http.request('GET', `/hook-runs/${seg(id)}`); }
}

/** Base64 of a UTF-8 script, for HookSourceInput.source (works in browsers and Node). */
export function encodeScript(text: string): string {
  const bytes = new TextEncoder().encode(text.replace(/\r\n/g, '\n'));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The script text of a HookSource.source (base64 of UTF-8). */
export function decodeScript(base64: string): string {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}
