import { isDigest, isRegistryHost, isRepository, isTag } from '../../domain/image-push-event.ts';
import type { PayloadNode } from './payload-node.ts';

/**
 * Readers for the fields every sender delivers in some form. Each checks the value against the OCI grammar so a
 * bad tag or name is refused at the edge with a pointer, instead of reaching an image reference later.
 */

export function readRepository(node: PayloadNode): string {
  const value = node.string();
  if (!isRepository(value)) node.fail('must be a repository path such as "team/app"');
  return value;
}

export function readTag(node: PayloadNode): string | null {
  const value = node.optString();
  if (value !== null && !isTag(value)) node.fail('must be a valid image tag');
  return value;
}

export function readDigest(node: PayloadNode): string | null {
  const value = node.optString();
  if (value !== null && !isDigest(value)) node.fail('must be a digest such as "sha256:…"');
  return value;
}

export function readHost(node: PayloadNode): string | null {
  const value = node.optString();
  if (value !== null && !isRegistryHost(value)) node.fail('must be a registry host[:port]');
  return value;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * RFC 3339 time → epoch ms. A time without a zone is refused rather than read in the server's zone. Go's zero time
 * (`0001-01-01T00:00:00Z`, GitHub's "not set") and anything before 1970 mean "no time".
 */
export function readTime(node: PayloadNode): number | null {
  const value = node.optString();
  if (value === null) return null;
  const ms = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) node.fail('must be an RFC 3339 time with a zone');
  return ms > 0 ? ms : null;
}

/** Unix seconds (integer or float: old Docker Hub payloads sent `1.417566161e+09`) → epoch ms. */
export function readUnixSeconds(node: PayloadNode): number | null {
  const value = node.optNumber();
  if (value === null) return null;
  if (value < 0) node.fail('must be Unix seconds');
  return value > 0 ? Math.round(value * 1000) : null;
}

export interface ImageReference {
  readonly host: string | null;
  readonly repository: string;
  readonly tag: string | null;
  readonly digest: string | null;
}

/**
 * Splits `[host/]path[:tag][@digest]` (Harbor `resource_url`, Quay `docker_url`, GHCR `package_url`, GAR names).
 * The first segment is a host when it has a `.` or `:` or is `localhost`, the rule Docker uses. An empty tag
 * (GHCR's `ghcr.io/o/r:` for an untagged push) is no tag.
 */
export function readReference(node: PayloadNode): ImageReference {
  const ref = node.string();
  const at = ref.indexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const path = colon > slash ? name.slice(0, colon) : name;
  const first = path.indexOf('/');
  const head = first < 0 ? '' : path.slice(0, first);
  const hasHost = head.includes('.') || head.includes(':') || head === 'localhost';
  const parts = {
    host: hasHost ? head : null,
    repository: hasHost ? path.slice(first + 1) : path,
    tag: colon > slash && colon < name.length - 1 ? name.slice(colon + 1) : null,
    digest: at < 0 ? null : ref.slice(at + 1),
  };
  checkReference(node, parts);
  return parts;
}

function checkReference(node: PayloadNode, parts: ImageReference): void {
  const ok = isRepository(parts.repository)
    && (parts.host === null || isRegistryHost(parts.host))
    && (parts.tag === null || isTag(parts.tag))
    && (parts.digest === null || isDigest(parts.digest));
  if (!ok) node.fail('must be an image reference such as "host/team/app:tag"');
}
