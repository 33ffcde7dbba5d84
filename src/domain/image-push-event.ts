/**
 * A registry push, normalised from whatever the sending registry delivered (aesthetics.md §8.7 #1: argocd-image-
 * updater's one normalised event). Parsers in src/adapters/webhooks produce it; the trigger logic consumes it.
 *
 * It is a hint, not a command (W5): the tag → digest mapping is re-resolved from the registry before deploying,
 * because most senders sign nothing and several deliver no digest at all.
 */

/** Wire names of the senders a registry-event receiver can be configured with. */
export const SENDER_TYPES = [
  'distribution',
  'docker-hub',
  'harbor',
  'quay',
  'github-packages',
  'acr',
  'gar',
  'ecr',
  'alibaba-acr',
  'tencent-tcr',
  'jfrog',
  'nexus',
  'cloudevents',
  'standard-webhooks',
] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

export function isSenderType(value: string): value is SenderType {
  return (SENDER_TYPES as readonly string[]).includes(value);
}

export interface ImagePushEvent {
  readonly sender: SenderType;
  /** The sender's own id of this event or delivery; null when the sender has none (Docker Hub, Harbor Default …). */
  readonly eventId: string | null;
  /**
   * Transport dedupe key (D3a): the event id where there is one (scoped by `source` for CloudEvents), otherwise
   * synthesised from fields that stay the same across retries. Null when the payload has nothing stable (Quay):
   * then only the semantic dedupe (same digest already deployed, K7) applies.
   */
  readonly dedupeKey: string | null;
  /** Host (with port) a Kubernetes image reference would use; null when the delivery cannot tell (JFrog, Nexus). */
  readonly registryHost: string | null;
  /** Path inside the registry, e.g. `library/nginx`. Case as delivered (GHCR and Alibaba keep upper case). */
  readonly repository: string;
  /** Null for a push by digest (untagged); such a push is still a push and the trigger logic decides. */
  readonly tag: string | null;
  /** Manifest digest as delivered; vendor samples are not always canonical, so it is not checked for 64 hex. */
  readonly digest: string | null;
  readonly mediaType: string | null;
  /** Epoch ms; null when the sender gives no time or no time zone (Alibaba). Used for ordering (D5). */
  readonly pushedAt: number | null;
  /** Who pushed, as the sender names them. */
  readonly actor: string | null;
}

// The grammars below are fixed, anchored and unambiguous (adjacent classes are disjoint), so RegExp is linear here;
// user-supplied patterns go through RE2 instead.

/** OCI distribution-spec tag grammar. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** OCI repository name, relaxed to upper case: GHCR and Alibaba deliver mixed-case names. */
const REPOSITORY = /^[A-Za-z0-9]+(?:[._-]+[A-Za-z0-9]+)*(?:\/[A-Za-z0-9]+(?:[._-]+[A-Za-z0-9]+)*)*$/;
/** `algorithm:encoded`; the encoded part is lenient because vendor samples truncate or redact it. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[A-Za-z0-9=_.-]+$/;
/** DNS name or IPv4, or a bracketed IPv6 literal, with an optional port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

export const isTag = (value: string): boolean => TAG.test(value);
export const isRepository = (value: string): boolean => value.length <= 255 && REPOSITORY.test(value);
export const isDigest = (value: string): boolean => value.length <= 255 && DIGEST.test(value);
export const isRegistryHost = (value: string): boolean => value.length <= 255 && HOST.test(value);

/** OCI and Docker manifest (and index) media types: a push of one of these is an image push; blobs are not. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];

export const isManifestMediaType = (mediaType: string): boolean => MANIFEST_MEDIA_TYPES.includes(mediaType);
