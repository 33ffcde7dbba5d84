import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  HttpMethod,
  IsomorphicFetchHttpLibrary,
  Observable,
  ServerConfiguration,
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

/** One request built by hand (see KubeApi.raw); `path` starts at the API root, e.g. `/apis/apps/v1`. */
export interface RawRequest {
  readonly method: 'GET' | 'PATCH';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly contentType?: string;
  readonly body?: string;
}

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

  /**
   * A request to any API path, with the body sent and returned as JSON text (never through client-node's typed
   * models, which drop fields they do not know): for server-side apply and discovery, whose paths the generated
   * clients cannot address for every group. Same timeout, retry and translation as `call`.
   */
  async raw(ctx: KubeCallContext, request: RawRequest): Promise<unknown> {
    return this.callWith(ctx, () => this.#send(request), { retry: this.#retry, timeoutMs: this.#timeoutMs });
  }

  async #send(request: RawRequest): Promise<unknown> {
    const cluster = this.kc.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const context = new ServerConfiguration(cluster.server, {}).makeRequestContext(request.path, HttpMethod[request.method]);
    for (const [key, value] of Object.entries(request.query ?? {})) context.setQueryParam(key, value);
    context.setHeaderParam('Accept', 'application/json');
    if (request.body !== undefined) {
      context.setHeaderParam('Content-Type', request.contentType ?? 'application/json');
      context.setBody(request.body);
    }
    await this.kc.applySecurityAuthentication(context);
    context.setSignal(AbortSignal.timeout(this.#timeoutMs));
    const response = await new IsomorphicFetchHttpLibrary().send(context).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new ApiException(response.httpStatusCode, `HTTP ${response.httpStatusCode}`, text, response.headers);
    }
    return text === '' ? null : JSON.parse(text);
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
