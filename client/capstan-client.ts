/**
 * Typed client of Capstan's native API (/api/v1) over the global fetch: one method per endpoint. The CLI and the
 * web UI talk to the server only through this. Failure contract: every method either resolves with the response
 * body or rejects with CapstanApiError (the server answered with an error; problem details attached) or
 * CapstanConnectionError (no answer: refused, unresolvable, timed out). Nothing else escapes, except a
 * programming error.
 */
import { CapstanApiError } from './capstan-api-error.ts';
import { CapstanConnectionError } from './capstan-connection-error.ts';
import type { ApiTransport, HttpMethod, Query, RawResponse } from './transport.ts';
import { DeployRecordsApi } from './deploy-records.ts';
import { DeployTasksApi } from './deploy-tasks.ts';
import { HookOverridesApi } from './hook-overrides.ts';
import { HooksApi } from './hooks.ts';
import { ImageTriggersApi } from './image-triggers.ts';
import { RegistryApi } from './registry.ts';
import { TriggersApi } from './triggers.ts';
import { STORE_BACKUP_COPY_TIMEOUT_MS } from './types.ts';
import { AccessKeysApi } from './access-keys.ts';
import type { ClusterPermissions } from './cluster-permissions.ts';
import { AuditEventsApi } from './audit-events.ts';
import { NotificationsApi } from './notifications.ts';
import type { Session } from './session.ts';
import type {
  Account, Application, ApplicationInput, ApplicationListParams, Cluster, ClusterDetail, CreateClusterInput,
  CreateTokenInput, CreatedToken, Page, PageParams, StoreBackupDownload, StoreBackupOptions, Token, Workload,
} from './types.ts';

export interface CapstanClientOptions {
  /** Server base URL, e.g. http://127.0.0.1:8080 (a path prefix is kept). */
  readonly baseUrl: string;
  /** Bearer token; omitted for a client that only calls public endpoints. */
  readonly token?: string;
  /** Per-request timeout (default 30 s); exceeding it is a CapstanConnectionError with reason TIMEOUT. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

type Method = HttpMethod;

export class CapstanClient implements ApiTransport {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(options: CapstanClientOptions) {
    const url = new URL(options.baseUrl); // throws TypeError on a malformed URL, before any request
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${options.baseUrl}`);
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    // Called through a wrapper: browsers throw "Illegal invocation" when fetch runs with another `this`.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  // The families' resources, one small file each: `client.triggers.create(…)`, `client.records.get(id)`, …
  readonly records = new DeployRecordsApi(this);
  readonly registry = new RegistryApi(this);
  readonly imageTriggers = new ImageTriggersApi(this);
  readonly tasks = new DeployTasksApi(this);
  readonly hooks = new HooksApi(this);
  readonly hookOverrides = new HookOverridesApi(this);
  readonly triggers = new TriggersApi(this);
  readonly accessKeys = new AccessKeysApi(this);
  readonly auditEvents = new AuditEventsApi(this);
  readonly notifications = new NotificationsApi(this);

  /** Any native API call (`path` below /api/v1); resolves with the body or rejects as the methods do. */
  request<T>(method: HttpMethod, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
    return this.#call(method, path, options);
  }

  /**
   * A call to a URL the server handed out (a trigger URL): no API token is sent (the URL is the credential).
   * Resolves with the status and the JSON body (null when not JSON) whatever the status; rejects only with
   * CapstanConnectionError.
   */
  async callUrl(method: HttpMethod, url: string, body?: unknown): Promise<RawResponse> {
    const response = await this.#send(method, url, body, false);
    return { status: response.status, statusText: response.statusText, body: await readBody(response) };
  }

  getAccount(): Promise<Account> { return this.#call('GET', '/account'); }
  /** The calling token (id, name, role, expiry) and its account; any role may ask. */
  getSession(): Promise<Session> { return this.#call('GET', '/session'); }

  createToken(input: CreateTokenInput): Promise<CreatedToken> { return this.#call('POST', '/tokens', { body: input }); }
  listTokens(page: PageParams = {}): Promise<Page<Token>> { return this.#call('GET', '/tokens', { query: pageQuery(page) }); }
  getToken(id: string): Promise<Token> { return this.#call('GET', `/tokens/${seg(id)}`); }
  deleteToken(id: string): Promise<void> { return this.#call('DELETE', `/tokens/${seg(id)}`); }

  createCluster(input: CreateClusterInput): Promise<Cluster> { return this.#call('POST', '/clusters', { body: input }); }
  listClusters(page: PageParams = {}): Promise<Page<Cluster>> { return this.#call('GET', '/clusters', { query: pageQuery(page) }); }
  /** Also probes the cluster's API server; an unreachable cluster is reported in `reachability`, not thrown. */
  getCluster(id: string): Promise<ClusterDetail> { return this.#call('GET', `/clusters/${seg(id)}`); }
  /**
   * Asks the cluster whether Capstan's kubeconfig has each permission Capstan uses in `namespace` (one
   * SelfSubjectAccessReview each). 503 KUBE_UNAVAILABLE when the cluster cannot be reached.
   */
  checkClusterPermissions(id: string, namespace: string): Promise<ClusterPermissions> {
    return this.#call('GET', `/clusters/${seg(id)}/permissions`, { query: { namespace } });
  }
  /** Refused with 409 while applications use the cluster. */
  deleteCluster(id: string): Promise<void> { return this.#call('DELETE', `/clusters/${seg(id)}`); }

  createApplication(input: ApplicationInput): Promise<Application> { return this.#call('POST', '/applications', { body: input }); }
  listApplications(params: ApplicationListParams = {}): Promise<Page<Application>> {
    return this.#call('GET', '/applications', { query: { ...pageQuery(params), clusterId: params.clusterId } });
  }
  getApplication(id: string): Promise<Application> { return this.#call('GET', `/applications/${seg(id)}`); }
  /** Replaces the whole application (PUT); clusterId cannot change (409). */
  replaceApplication(id: string, input: ApplicationInput): Promise<Application> {
    return this.#call('PUT', `/applications/${seg(id)}`, { body: input });
  }
  deleteApplication(id: string): Promise<void> { return this.#call('DELETE', `/applications/${seg(id)}`); }
  /** The workloads the application's selector matches now, read live from the cluster. */
  listApplicationWorkloads(id: string): Promise<{ items: Workload[] }> {
    return this.#call('GET', `/applications/${seg(id)}/workloads`);
  }

  /**
   * A consistent copy of the server's embedded SQLite database (admin only; 409 STORE_BACKUP_UNAVAILABLE on
   * PostgreSQL or an in-memory store). Resolves once the server has made the copy and starts sending it; the
   * bytes arrive through `body`, reported to `onProgress` as they come. The timeout bounds each wait for the
   * server (for the answer, then for every chunk), not the whole download, so a large copy is not cut short.
   */
  async downloadStoreBackup(options: StoreBackupOptions = {}): Promise<StoreBackupDownload> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waitFor = async <T>(promise: () => Promise<T>, timeoutMs = this.#timeoutMs): Promise<T> => {
      timer = setTimeout(() => controller.abort(new DOMException('no answer in time', 'TimeoutError')), timeoutMs);
      try {
        return await promise();
      } finally {
        clearTimeout(timer);
      }
    };
    const response = await waitFor(() => this.#send('GET', this.#url('/store-backup'), undefined, true,
      { accept: 'application/vnd.sqlite3, application/problem+json', signal: controller.signal }),
    options.copyTimeoutMs ?? STORE_BACKUP_COPY_TIMEOUT_MS);
    if (!response.ok || response.body === null) {
      const body = await waitFor(() => readBody(response)).catch(() => null);
      throw CapstanApiError.fromResponse(response.status, response.statusText, body);
    }
    const reader = response.body.getReader();
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    const total = Number.isSafeInteger(length) && length >= 0 ? length : null;
    const baseUrl = this.baseUrl;
    let received = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(out) {
        try {
          const chunk = await waitFor(() => reader.read());
          if (chunk.done) return out.close();
          received += chunk.value.byteLength;
          options.onProgress?.(received, total);
          out.enqueue(chunk.value);
        } catch (error) {
          out.error(CapstanConnectionError.fromFetchError(baseUrl, error));
        }
      },
      cancel: (reason) => reader.cancel(reason),
    });
    const fileName = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null;
    return { bytes: total, fileName, body };
  }

  async #call<T>(method: Method, path: string, options: { body?: unknown; query?: Query } = {}): Promise<T> {
    const response = await this.#send(method, this.#url(path, options.query), options.body);
    const body = await readBody(response);
    if (!response.ok) throw CapstanApiError.fromResponse(response.status, response.statusText, body);
    return (response.status === 204 ? undefined : body) as T;
  }

  async #send(method: Method, url: string, body: unknown, authenticated = true,
    init: { accept?: string; signal?: AbortSignal } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: init.accept ?? 'application/json, application/problem+json' };
    if (this.#token !== undefined && authenticated) headers.authorization = `Bearer ${this.#token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.#fetch(url, {
        method, headers, signal: init.signal ?? AbortSignal.timeout(this.#timeoutMs),
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw CapstanConnectionError.fromFetchError(this.baseUrl, error);
    }
  }

  #url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params}` : '';
    return `${this.baseUrl}/api/v1${path}${search}`;
  }
}

function seg(id: string): string {
  return encodeURIComponent(id);
}

function pageQuery(page: PageParams): Query {
  return { limit: page.limit, cursor: page.cursor };
}

/** JSON when the body is JSON, otherwise null (an error page's text is never surfaced). */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '' || !/json/i.test(response.headers.get('content-type') ?? '')) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
