/**
 * Read access to a container registry over the OCI distribution API (distribution-spec "pull" endpoints): list a
 * repository's tags and resolve a tag to its manifest digest. Used by polling, and by whoever re-resolves a pushed
 * tag before deploying (W5: a webhook payload is a hint, the registry is the truth).
 *
 * Failures are AppErrors: REGISTRY_AUTH_FAILED (credentials refused or missing), REGISTRY_UNAVAILABLE (network,
 * timeout, 5xx; `retryAfterS` when the registry said so), REGISTRY_UPSTREAM (anything else unexpected, incl. 429
 * with `retryAfterS`). Details name the registry and repository, never a credential or a token.
 */

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface RegistryRepositoryRef {
  /** Base URL of the registry API (scheme, host, port), e.g. `https://registry-1.docker.io`. */
  readonly registryUrl: string;
  /** Path inside the registry, e.g. `library/nginx`. */
  readonly repository: string;
  /** Null: anonymous pulls (a token is still fetched when the registry challenges for one). */
  readonly credentials: RegistryCredentials | null;
}

export interface RegistryCallOptions {
  readonly signal?: AbortSignal;
}

export interface TagList {
  readonly tags: readonly string[];
  /** True when the listing stopped at `maxTags` or the page cap before the registry's last page. */
  readonly truncated: boolean;
}

export interface ManifestHead {
  /** `Docker-Content-Digest` (or the sha256 of the manifest bytes when a registry omits the header). */
  readonly digest: string;
  readonly mediaType: string | null;
}

/**
 * How this process is pacing its requests to one registry host (ADR 0010): whether the host is paused because it
 * throttled Capstan, and the last throttling answer. Per process: each replica keeps its own. Times: epoch ms.
 */
export interface RegistryHostLimit {
  /** The API host with port, e.g. `registry-1.docker.io` or `127.0.0.1:5000`. */
  readonly host: string;
  /** When the pause ends, if the host is paused now; otherwise null. */
  readonly pausedUntil: number | null;
  readonly lastThrottle: { readonly at: number; readonly status: number; readonly retryAfterS: number | null } | null;
  /** Throttled answers in a row; without Retry-After each one doubles the pause. */
  readonly consecutiveThrottles: number;
}

export interface RegistryClient {
  /** Every tag, following `Link: <…>; rel="next"` pages, up to `maxTags`. A missing repository is REGISTRY_UPSTREAM. */
  listTags(ref: RegistryRepositoryRef, options?: RegistryCallOptions & { readonly maxTags?: number }): Promise<TagList>;
  /** The manifest digest a tag (or digest) resolves to; null when the registry answers 404 for it. */
  headManifest(ref: RegistryRepositoryRef, reference: string, options?: RegistryCallOptions): Promise<ManifestHead | null>;
  /** The request budget of the host `registryUrl` names; null when this process has not called it (or keeps none). */
  hostLimit?(registryUrl: string): RegistryHostLimit | null;
}

/**
 * The API base URL for an image-reference host: Docker Hub's `docker.io` is served at `registry-1.docker.io`;
 * everything else over HTTPS at the host itself.
 */
export function registryUrlOfHost(host: string): string {
  return host === 'docker.io' || host === 'index.docker.io' ? 'https://registry-1.docker.io' : `https://${host}`;
}
