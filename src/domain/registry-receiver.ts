import type { SenderType } from './image-push-event.ts';

/**
 * A configured webhook endpoint for one registry sender: the registry posts to
 * `/api/v1/registry-events/<id>` and the delivery is checked by that sender's rules (src/app/ports/webhook-parser.ts).
 *
 * The id is part of a public URL and, for senders that can carry no secret (Docker Hub, Quay, Alibaba, Pub/Sub),
 * the only credential (W4): it is random, at least 128 bits, and never derived from anything guessable.
 */
export interface RegistryReceiver {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly sender: SenderType;
  /** Secret-box ciphertext of the receiver secret; null when the URL alone authenticates. Never returned by the API. */
  readonly secretCiphertext: string | null;
  /**
   * Host (with port) that image references for this registry use. When set it replaces the host a delivery names
   * (an internal name, say) and fills it in where the sender names none (JFrog, Nexus).
   */
  readonly registryHost: string | null;
  readonly createdAt: number;
}

/** `rcv_` + 32 base64url characters (24 random bytes, 192 bits). */
export const RECEIVER_ID_PATTERN = '^rcv_[A-Za-z0-9_-]{32}$';
