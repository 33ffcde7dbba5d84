import { notFound } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import { verifyAndParse, type WebhookHeaders } from '../ports/webhook-parser.ts';
import type { AcceptedPush } from './accept-pushes.ts';
import { acceptDelivery } from './push-intake.ts';
import { receiverCacheFor, type CachedReceiver } from './receiver-cache.ts';

export interface RegistryDelivery {
  readonly receiverId: string;
  readonly headers: WebhookHeaders;
  /** The exact bytes received (signatures cover them). */
  readonly rawBody: Buffer;
}

export type DeliveryOutcome =
  | { readonly status: 'accepted'; readonly events: readonly AcceptedPush[] }
  | { readonly status: 'ignored'; readonly reason: string };

/**
 * One webhook delivery to a receiver: authenticate it by the receiver's sender rules (W1–W3, W6), parse it, and
 * persist every push with its `image-push.match` job in one transaction (D1), committed before this resolves (the
 * transaction may be shared with concurrent deliveries: push-intake.ts). Nothing slow happens here — no registry or
 * Kubernetes call — because senders time out fast (Distribution: 1 s) and retry (D4).
 *
 * Throws RECEIVER_NOT_FOUND (404), the verifier's 401 (SIGNATURE_* / TOKEN_*), 415, or 400 for a malformed push.
 * A valid delivery that is not a push is `ignored` (the caller still answers 2xx: D2).
 */
export async function receiveRegistryDelivery(deps: AppDeps, delivery: RegistryDelivery): Promise<DeliveryOutcome> {
  const now = deps.clock.now();
  const { receiver, secret } = await receiverOf(deps, delivery.receiverId, now);
  const parsed = verifyAndParse(deps.webhooks.parserFor(receiver.sender), {
    headers: delivery.headers, rawBody: delivery.rawBody, secret, now,
  });
  if (parsed.kind === 'ignored') return { status: 'ignored', reason: parsed.reason };
  const host = receiver.registryHost;
  const pushes = host === null ? parsed.events : parsed.events.map((push) => ({ ...push, registryHost: host }));
  const events = await acceptDelivery(deps, { accountId: receiver.accountId, source: 'webhook', sourceId: receiver.id, receivedAt: now }, pushes);
  return { status: 'accepted', events };
}

async function receiverOf(deps: AppDeps, id: string, now: number): Promise<CachedReceiver> {
  const cache = receiverCacheFor(deps.store);
  const cached = cache.get(id, now);
  if (cached) return cached;
  const receiver = await deps.store.registryReceivers.find(id);
  if (!receiver) throw notFound('RECEIVER_NOT_FOUND', 'Registry receiver', id);
  const entry = { receiver, secret: receiver.secretCiphertext === null ? null : deps.secrets.open(receiver.secretCiphertext) };
  cache.set(entry, now);
  return entry;
}
