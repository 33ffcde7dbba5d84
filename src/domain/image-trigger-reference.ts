/**
 * The image reference an image trigger deploys for a push: `${registryHost}/${repository}:${tag}`, and
 * `${registryHost}/${repository}:${tag}@${digest}` when the trigger pins digests and the push carried a canonical
 * digest. The tag stays in the reference so operators can read what runs; the digest makes a re-pushed tag (same
 * name, new content) actually roll out instead of being a no-op (anchors.md (d) #3, keel#803).
 *
 * Senders deliver digests leniently (vendor samples truncate them), so only canonical sha256/sha512 digests are
 * pinned; anything else deploys the tag alone rather than a reference Kubernetes would refuse.
 */
import type { ImageTrigger } from './image-trigger.ts';

const CANONICAL_DIGEST = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isCanonicalDigest(digest: string): boolean {
  return CANONICAL_DIGEST.test(digest);
}

export interface PushedImage {
  /** The host the push came from; null when the sender did not say (JFrog, Nexus). */
  readonly registryHost: string | null;
  readonly tag: string;
  readonly digest: string | null;
}

export type ImageReference = { readonly ok: true; readonly image: string } | { readonly ok: false; readonly reason: string };

export function imageReferenceFor(trigger: Pick<ImageTrigger, 'repository' | 'registryHost' | 'pinDigest'>, push: PushedImage): ImageReference {
  const host = push.registryHost ?? trigger.registryHost;
  if (host === null) {
    return {
      ok: false,
      reason: 'The push did not say which registry it came from, so no image reference could be built; set the registry host on the receiver or on the trigger (registryHost).',
    };
  }
  const tagged = `${host.toLowerCase()}/${trigger.repository}:${push.tag}`;
  const pin = trigger.pinDigest && push.digest !== null && isCanonicalDigest(push.digest);
  return { ok: true, image: pin ? `${tagged}@${push.digest}` : tagged };
}
