import { createHash } from 'node:crypto';
import type {
  ManifestHead, RegistryCallOptions, RegistryClient, RegistryCredentials, RegistryHostLimit, RegistryRepositoryRef, TagList,
} from '../../app/ports/registry-client.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { MANIFEST_MEDIA_TYPES, isDigest, isRepository, isTag } from '../../domain/image-push-event.ts';
import { nextLink } from './link-header.ts';
import type { RegistryRequestBudget } from './registry-request-budget.ts';
import { parseChallenges, type Challenge } from './www-authenticate.ts';

/**
 * OCI distribution-spec client for the two pull-side reads Capstan needs (registry-client.ts). Sources: the
 * distribution-spec (tags/list with `n` and `Link` pagination, HEAD manifests, `Docker-Content-Digest`), Docker's
 * token authentication spec (`WWW-Authenticate: Bearer realm=…,service=…,scope=…` → GET realm with Basic
 * credentials → `{token | access_token, expires_in}`), and Keel's poller (HEAD for digests, tag list for tags).
 *
 * Authentication is learned per (registry, repository, user): the first request goes out bare, a 401 names the
 * scheme, and the resulting Authorization header is reused until the token expires, so a steady poll costs one
 * request per call. Every request has a timeout and every body a size cap; tokens, passwords and token-endpoint
 * URLs never appear in errors.
 */
export interface OciRegistryClientOptions {
  /** Per HTTP request (token fetches included). Default 10 s. */
  readonly timeoutMs?: number;
  /** `n` asked for per tags/list page. Default 1000. */
  readonly pageSize?: number;
  /** Pages followed at most per listing. Default 100. */
  readonly maxPages?: number;
  /** Largest JSON body read (tag page, token, manifest). Default 4 MiB. */
  readonly maxBodyBytes?: number;
  readonly userAgent?: string;
  /**
   * The process's per-host request budget (registry-request-budget.ts): every request, token requests included,
   * waits for it, and every answer is reported to it. Without one, requests go out unthrottled (tests).
   */
  readonly budget?: RegistryRequestBudget;
}

interface CachedAuth {
  readonly header: string;
  readonly expiresAt: number;
}

const DEFAULT_MAX_TAGS = 10_000;
/** Accept for manifest requests: the OCI and Docker manifest and index types (Docker's own client sends these). */
const MANIFEST_ACCEPT = MANIFEST_MEDIA_TYPES.join(', ');
/** Bound on cached Authorization headers; the oldest entry goes first. */
const MAX_CACHED_AUTH = 1_000;

export class OciRegistryClient implements RegistryClient {
  readonly #timeoutMs: number;
  readonly #pageSize: number;
  readonly #maxPages: number;
  readonly #maxBodyBytes: number;
  readonly #userAgent: string;
  readonly #budget: RegistryRequestBudget | undefined;
  readonly #auth = new Map<string, CachedAuth>();

  constructor(options: OciRegistryClientOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#pageSize = options.pageSize ?? 1_000;
    this.#maxPages = options.maxPages ?? 100;
    this.#maxBodyBytes = options.maxBodyBytes ?? 4 * 1_048_576;
    this.#userAgent = options.userAgent ?? 'capstan';
    this.#budget = options.budget;
  }

  async listTags(ref: RegistryRepositoryRef, options: RegistryCallOptions & { readonly maxTags?: number } = {}): Promise<TagList> {
    const base = baseOf(ref);
    const maxTags = options.maxTags ?? DEFAULT_MAX_TAGS;
    const tags: string[] = [];
    let url: URL | null = new URL(`/v2/${ref.repository}/tags/list?n=${this.#pageSize}`, base);
    for (let page = 0; url !== null; page++) {
      if (page >= this.#maxPages || tags.length >= maxTags) return { tags: tags.slice(0, maxTags), truncated: true };
      const response = await this.#send(ref, url, 'GET', 'application/json', options.signal);
      if (response.status === 404) {
        await discard(response);
        throw new AppError('REGISTRY_UPSTREAM', `${describe(ref)}: the registry has no such repository.`);
      }
      if (response.status !== 200) throw await statusError(response, ref, 'listing tags');
      for (const tag of tagsOf(await readJson(response, this.#maxBodyBytes, ref))) tags.push(tag);
      url = nextLink(response.headers.get('link'), url.toString());
      // Credentials and tokens must not follow a Link to another origin.
      if (url !== null && url.origin !== base.origin) {
        throw new AppError('REGISTRY_UPSTREAM', `${describe(ref)}: the next tag page is on another host.`);
      }
    }
    return { tags: tags.slice(0, maxTags), truncated: tags.length > maxTags };
  }

  async headManifest(ref: RegistryRepositoryRef, reference: string, options: RegistryCallOptions = {}): Promise<ManifestHead | null> {
    if (!isTag(reference) && !isDigest(reference)) throw new AppError('VALIDATION_FAILED', `"${reference}" is neither a tag nor a digest.`);
    const url = new URL(`/v2/${ref.repository}/manifests/${reference}`, baseOf(ref));
    const head = await this.#send(ref, url, 'HEAD', MANIFEST_ACCEPT, options.signal);
    if (head.status === 404) return null;
    if (head.status !== 200) throw await statusError(head, ref, `resolving ${reference}`);
    const mediaType = mediaTypeOf(head.headers.get('content-type'));
    const digest = head.headers.get('docker-content-digest');
    if (digest !== null && isDigest(digest)) return { digest, mediaType };

    // Some registries omit Docker-Content-Digest: the digest is then the sha256 of the exact manifest bytes.
    const get = await this.#send(ref, url, 'GET', MANIFEST_ACCEPT, options.signal);
    if (get.status === 404) return null;
    if (get.status !== 200) throw await statusError(get, ref, `resolving ${reference}`);
    const bytes = await readBody(get, this.#maxBodyBytes, ref);
    return { digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, mediaType: mediaTypeOf(get.headers.get('content-type')) };
  }

  hostLimit(registryUrl: string): RegistryHostLimit | null {
    return this.#budget?.host(new URL(registryUrl).host) ?? null;
  }

  /** One request, authorizing after a 401 challenge and trying once more. */
  async #send(ref: RegistryRepositoryRef, url: URL, method: 'GET' | 'HEAD', accept: string, signal: AbortSignal | undefined): Promise<Response> {
    const key = authKey(ref);
    const cached = this.#auth.get(key);
    const known = cached !== undefined && cached.expiresAt > Date.now() ? cached.header : null;
    const first = await this.#fetch(ref, url, method, { accept, ...(known ? { authorization: known } : {}) }, signal);
    if (first.status !== 401) return first;
    const challenges = parseChallenges(first.headers.get('www-authenticate') ?? '');
    await discard(first);
    const auth = await this.#authorize(ref, challenges, signal);
    this.#remember(key, auth);
    const second = await this.#fetch(ref, url, method, { accept, authorization: auth.header }, signal);
    if (second.status === 401 || second.status === 403) {
      await discard(second);
      this.#auth.delete(key);
      throw new AppError('REGISTRY_AUTH_FAILED', `${describe(ref)}: the registry refused ${ref.credentials ? 'the stored credentials' : 'anonymous access'}.`);
    }
    return second;
  }

  async #authorize(ref: RegistryRepositoryRef, challenges: readonly Challenge[], signal: AbortSignal | undefined): Promise<CachedAuth> {
    const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm !== undefined);
    if (bearer) return this.#fetchToken(ref, bearer, signal);
    if (challenges.some((c) => c.scheme === 'basic')) {
      if (ref.credentials === null) {
        throw new AppError('REGISTRY_AUTH_FAILED', `${describe(ref)}: the registry asks for a user name and password; none are stored.`);
      }
      return { header: basic(ref.credentials), expiresAt: Number.POSITIVE_INFINITY };
    }
    throw new AppError('REGISTRY_AUTH_FAILED', `${describe(ref)}: the registry answered 401 without a usable challenge.`);
  }

  /** Docker token authentication: GET realm?service=…&scope=…, with Basic credentials when there are some. */
  async #fetchToken(ref: RegistryRepositoryRef, challenge: Challenge, signal: AbortSignal | undefined): Promise<CachedAuth> {
    let realm: URL;
    try {
      realm = new URL(challenge.params.realm as string);
    } catch {
      throw new AppError('REGISTRY_AUTH_FAILED', `${describe(ref)}: the registry's token realm is not a URL.`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw new AppError('REGISTRY_AUTH_FAILED', `${describe(ref)}: the registry's token realm is not HTTP(S).`);
    }
    if (challenge.params.service !== undefined) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope ?? `repository:${ref.repository}:pull`);
    if (ref.credentials) realm.searchParams.set('account', ref.credentials.username);
    const started = Date.now();
    const response = await this.#fetch(ref, realm, 'GET', {
      accept: 'application/json', ...(ref.credentials ? { authorization: basic(ref.credentials) } : {}),
    }, signal);
    if (response.status === 401 || response.status === 403) {
      await discard(response);
      throw new AppError('REGISTRY_AUTH_FAILED', `${describe(ref)}: the token service refused ${ref.credentials ? 'the stored credentials' : 'anonymous access'}.`);
    }
    if (response.status !== 200) throw await statusError(response, ref, 'fetching a token');
    const body = await readJson(response, this.#maxBodyBytes, ref) as { token?: unknown; access_token?: unknown; expires_in?: unknown };
    const token = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new AppError('REGISTRY_UPSTREAM', `${describe(ref)}: the token service answered without a token.`);
    }
    // The spec's default lifetime is 60 s; renew a little early so a token never expires in flight.
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    return { header: `Bearer ${token}`, expiresAt: started + Math.max(0, lifetimeS - 5) * 1000 };
  }

  async #fetch(ref: RegistryRepositoryRef, url: URL, method: 'GET' | 'HEAD', headers: Record<string, string>, signal: AbortSignal | undefined): Promise<Response> {
    // Waiting for the host's budget is not part of the request's timeout; the budget bounds its own waits.
    await this.#budget?.acquire(url.host, signal);
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    try {
      const response = await fetch(url, {
        method,
        headers: { 'user-agent': this.#userAgent, ...headers },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      this.#budget?.observe(url.host, response.status, retryAfter(response.headers.get('retry-after')));
      return response;
    } catch (cause) {
      const why = timeout.aborted ? `no answer within ${this.#timeoutMs} ms` : signal?.aborted ? 'the call was cancelled' : 'the registry is unreachable';
      throw new AppError('REGISTRY_UNAVAILABLE', `${describe(ref)}: ${why}.`, { cause });
    }
  }

  #remember(key: string, auth: CachedAuth): void {
    this.#auth.delete(key);
    if (this.#auth.size >= MAX_CACHED_AUTH) this.#auth.delete(this.#auth.keys().next().value as string);
    this.#auth.set(key, auth);
  }
}

function baseOf(ref: RegistryRepositoryRef): URL {
  if (!isRepository(ref.repository)) throw new AppError('VALIDATION_FAILED', `"${ref.repository}" is not a repository name.`);
  const base = new URL(ref.registryUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new AppError('VALIDATION_FAILED', 'The registry URL must be http(s).');
  return base;
}

/** Cache key: one Authorization per registry, repository and credentials (hashed, so no password sits in a key). */
const authKey = (ref: RegistryRepositoryRef): string => {
  const who = ref.credentials ? createHash('sha256').update(`${ref.credentials.username}\u0000${ref.credentials.password}`).digest('base64url') : '';
  return `${new URL(ref.registryUrl).origin}\u0000${ref.repository}\u0000${who}`;
};

const describe = (ref: RegistryRepositoryRef): string => `${new URL(ref.registryUrl).host}/${ref.repository}`;

const basic = (c: RegistryCredentials): string => `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;

function mediaTypeOf(contentType: string | null): string | null {
  const value = contentType?.split(';')[0]?.trim().toLowerCase();
  return value === undefined || value === '' ? null : value;
}

function tagsOf(body: unknown): string[] {
  const tags = (body as { tags?: unknown } | null)?.tags;
  // Distribution answers `"tags": null` for a repository whose tags were all deleted.
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags)) throw new AppError('REGISTRY_UPSTREAM', 'The registry answered a tag list without a tags array.');
  return tags.filter((t): t is string => typeof t === 'string' && isTag(t));
}

async function readBody(response: Response, limit: number, ref: RegistryRepositoryRef): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body === null) return Buffer.alloc(0);
  try {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > limit) throw new AppError('REGISTRY_UPSTREAM', `${describe(ref)}: the registry's answer is larger than ${limit} bytes.`);
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError('REGISTRY_UNAVAILABLE', `${describe(ref)}: the answer was cut off.`, { cause: error });
  }
  return Buffer.concat(chunks);
}

async function readJson(response: Response, limit: number, ref: RegistryRepositoryRef): Promise<unknown> {
  const bytes = await readBody(response, limit, ref);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new AppError('REGISTRY_UPSTREAM', `${describe(ref)}: the registry's answer is not JSON.`, { cause });
  }
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // nothing to free
  }
}

/** A status we did not expect, as an AppError: 5xx and 429 carry Retry-After when the registry sent one. */
async function statusError(response: Response, ref: RegistryRepositoryRef, doing: string): Promise<AppError> {
  await discard(response);
  const retryAfterS = retryAfter(response.headers.get('retry-after'));
  const options = retryAfterS === undefined ? {} : { retryAfterS };
  const detail = `${describe(ref)}: the registry answered ${response.status} while ${doing}.`;
  if (response.status === 403) return new AppError('REGISTRY_AUTH_FAILED', detail);
  if (response.status >= 500) return new AppError('REGISTRY_UNAVAILABLE', detail, options);
  return new AppError('REGISTRY_UPSTREAM', detail, options);
}

function retryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
