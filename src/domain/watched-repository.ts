import { RE2JS } from 're2js';
import { AppError } from './errors.ts';

/**
 * A repository Capstan polls because its registry cannot send webhooks (or they are off): every `intervalSeconds`
 * the `registry.poll` job lists its tags (OCI distribution API), resolves each tracked tag's manifest digest with a
 * HEAD request, and turns a new tag or a moved digest into the same RegistryEvent a webhook would have produced
 * (source `poll`). Peers: Keel's per-image poll (HEAD for digests, tag list for new tags), Argo CD Image Updater's
 * interval, Flux's `ImageRepository.spec.interval` (anchors.md).
 */
export interface WatchedRepository {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  /** Base URL of the registry's API, e.g. `https://registry-1.docker.io` or `http://127.0.0.1:5000`. */
  readonly registryUrl: string;
  /** Host (with port) that image references use, e.g. `docker.io`; written into the events. */
  readonly registryHost: string;
  /** Path inside the registry, e.g. `library/nginx`. */
  readonly repository: string;
  /** RE2 pattern (unanchored, as trigger conditions) selecting the tags to track; null tracks every tag. */
  readonly tagPattern: string | null;
  readonly intervalSeconds: number;
  /** A disabled watch keeps its state but is not polled. */
  readonly enabled: boolean;
  /** Secret-box ciphertext of `{"username","password"}`; null for anonymous pulls. Never returned by the API. */
  readonly credentialsCiphertext: string | null;
  /** tag → manifest digest at the last successful poll; null until the first one (the baseline). */
  readonly tagState: TagDigests | null;
  readonly lastPolledAt: number | null;
  /** Why the last poll failed (safe to show); null after a successful one. */
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type TagDigests = Readonly<Record<string, string>>;

export const MIN_POLL_INTERVAL_S = 1;
export const MAX_POLL_INTERVAL_S = 86_400;
export const DEFAULT_POLL_INTERVAL_S = 300;
/** Tags resolved per poll at most (one HEAD each); narrow a larger repository with `tagPattern`. */
export const MAX_TRACKED_TAGS = 1_000;

export interface TagChange {
  readonly tag: string;
  readonly digest: string;
  /** `new`: the tag was not there at the last poll; `moved`: it pointed at another digest. */
  readonly change: 'new' | 'moved';
}

/**
 * What changed between two polls: new tags and tags whose digest moved, in tag order. The first poll (no previous
 * state) is the baseline and reports nothing, so watching a repository with 500 existing tags does not replay
 * them as 500 pushes. Removed tags are not pushes and are not reported.
 */
export function diffTags(previous: TagDigests | null, current: TagDigests): TagChange[] {
  if (previous === null) return [];
  const changes: TagChange[] = [];
  for (const tag of Object.keys(current).sort()) {
    const digest = current[tag] as string;
    const before = previous[tag];
    if (before === undefined) changes.push({ tag, digest, change: 'new' });
    else if (before !== digest) changes.push({ tag, digest, change: 'moved' });
  }
  return changes;
}

/**
 * The host an image reference uses for a registry API URL: the URL's host (with a non-default port), except that
 * Docker Hub's API hosts are referenced as `docker.io`.
 */
export function registryHostOf(registryUrl: string): string {
  const host = new URL(registryUrl).host.toLowerCase();
  return host === 'registry-1.docker.io' || host === 'index.docker.io' ? 'docker.io' : host;
}

/** Job kind that polls one watched repository and schedules its next poll; payload RegistryPollPayload. */
export const REGISTRY_POLL_JOB = 'registry.poll';

export interface RegistryPollPayload {
  readonly watchedRepositoryId: string;
}

export const MAX_TAG_PATTERN_LENGTH = 1024;

/**
 * Compiles a tag pattern with RE2 (never RegExp: X1), or throws CONDITION_REGEX_INVALID pointing at `pointer`, so a
 * bad pattern is refused when the watch is written rather than failing every poll.
 */
export function compileTagPattern(pattern: string, pointer = '/body/tagPattern'): RE2JS {
  if (pattern.length > MAX_TAG_PATTERN_LENGTH) {
    throw new AppError('CONDITION_REGEX_INVALID', `tagPattern must be at most ${MAX_TAG_PATTERN_LENGTH} characters.`, {
      errors: [{ pointer, detail: `must be at most ${MAX_TAG_PATTERN_LENGTH} characters` }],
    });
  }
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp:\s*/i, '').slice(0, 200);
    throw new AppError('CONDITION_REGEX_INVALID', `tagPattern is not a valid RE2 expression: ${reason}.`, {
      errors: [{ pointer, detail: `is not a valid RE2 expression: ${reason}` }],
    });
  }
}

/** Unanchored search, as trigger conditions: `^v\d+` anchors, `rc` finds `v1-rc2`. No pattern tracks every tag. */
export function tracksTag(pattern: RE2JS | null, tag: string): boolean {
  return pattern === null || pattern.matcher(tag).find();
}

/**
 * A registry API base URL as stored: `http(s)://host[:port]`, nothing else. Throws VALIDATION_FAILED pointing at
 * `pointer` for anything with a path, query, fragment or user info (credentials belong in `credentials`, sealed).
 */
export function normalizeRegistryUrl(value: string, pointer = '/body/registryUrl'): string {
  const fail = (detail: string) => new AppError('VALIDATION_FAILED', `registryUrl ${detail}.`, { errors: [{ pointer, detail }] });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail('must be an absolute URL such as https://registry.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw fail('must be http or https');
  if (url.username !== '' || url.password !== '') throw fail('must not carry user info; use credentials');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw fail('must be the registry origin only, without a path (the API lives under /v2/)');
  }
  return url.origin;
}
