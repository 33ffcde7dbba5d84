import {
  CoreV1Api,
  CustomObjectsApi,
  Observable,
  VersionApi,
  setHeaderOptions,
  type ConfigurationOptions,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import { translateKubeError, type KubeCallContext } from './errors.ts';
import { DEFAULT_RETRY_POLICY, sleep, withRetry, type RetryPolicy, type Sleep } from './retry.ts';

/** Tunables of one gateway; tests shorten them, production keeps the defaults. */
export interface KubeGatewayOptions {
  /** Per-request bound; a request that exceeds it counts as a transient failure (Q9). */
  readonly requestTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** K4: our own field manager on every write. */
  readonly fieldManager?: string;
  /** K15: how many fresh reads a write may take after 409s before it gives up with KUBE_CONFLICT. */
  readonly conflictAttempts?: number;
  readonly sleep?: Sleep;
}

export const FIELD_MANAGER = 'capstan';

/** The client-node clients of one cluster plus the single path every call takes: timeout, retry, translation. */
export class KubeApi {
  readonly kc: KubeConfig;
  readonly custom: CustomObjectsApi;
  readonly core: CoreV1Api;
  readonly version: VersionApi;
  readonly fieldManager: string;
  readonly conflictAttempts: number;
  readonly sleep: Sleep;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;

  constructor(kc: KubeConfig, options: KubeGatewayOptions = {}) {
    this.kc = kc;
    this.custom = kc.makeApiClient(CustomObjectsApi);
    this.core = kc.makeApiClient(CoreV1Api);
    this.version = kc.makeApiClient(VersionApi);
    this.fieldManager = options.fieldManager ?? FIELD_MANAGER;
    this.conflictAttempts = options.conflictAttempts ?? 5;
    this.sleep = options.sleep ?? sleep;
    this.#timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  /** One logical API call: retried per Q9, bounded per request, and translated once into an AppError (K17). */
  async call<T>(ctx: KubeCallContext, op: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
    return this.callWith(ctx, op, { retry: this.#retry, timeoutMs: this.#timeoutMs });
  }

  /** Like `call` with a patch Content-Type (client-node picks JSON Patch by default; setHeaderOptions overrides). */
  async callPatch<T>(ctx: KubeCallContext, contentType: string, op: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
    return this.call(ctx, (options) => op(setHeaderOptions('Content-Type', contentType, options)));
  }

  /** A single try with its own bound: for probes such as ping, where retrying would only hide the answer. */
  async callOnce<T>(ctx: KubeCallContext, timeoutMs: number, op: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
    return this.callWith(ctx, op, { retry: { ...this.#retry, attempts: 1 }, timeoutMs });
  }

  private async callWith<T>(
    ctx: KubeCallContext,
    op: (options: ConfigurationOptions) => Promise<T>,
    bounds: { retry: RetryPolicy; timeoutMs: number },
  ): Promise<T> {
    try {
      return await withRetry(() => op(timeoutOptions(bounds.timeoutMs)), bounds.retry, this.sleep);
    } catch (error) {
      throw translateKubeError(error, ctx);
    }
  }
}

/** Each try gets a fresh AbortSignal, so a hung server costs one bounded try, not the whole budget. */
function timeoutOptions(timeoutMs: number): ConfigurationOptions {
  const middleware: ObservableMiddleware = {
    pre: (request: RequestContext) => {
      request.setSignal(AbortSignal.timeout(timeoutMs));
      return new Observable(Promise.resolve(request));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [middleware], middlewareMergeStrategy: 'append' };
}
