import { randomBytes } from 'node:crypto';
import { invalid } from '../../domain/errors.ts';
import { isRegistryHost, isSenderType, SENDER_TYPES } from '../../domain/image-push-event.ts';
import type { RegistryReceiver } from '../../domain/registry-receiver.ts';
import type { AppDeps } from '../deps.ts';
import { AuthScheme } from '../ports/webhook-parser.ts';

export interface CreateRegistryReceiverInput {
  readonly accountId: string;
  readonly name: string;
  readonly sender: string;
  readonly secret?: string | null | undefined;
  readonly registryHost?: string | null | undefined;
}

/**
 * Creates a receiver: a random id (`rcv_` + 192 bits, the public URL's only unguessable part, W4) and the secret
 * sealed by the secret box. A secret for a sender that cannot send one (Docker Hub, Quay, Alibaba, Pub/Sub) is
 * refused rather than silently ignored, so nobody believes such a receiver is protected by it.
 */
export async function createRegistryReceiver(deps: AppDeps, input: CreateRegistryReceiverInput): Promise<RegistryReceiver> {
  if (!isSenderType(input.sender)) {
    throw invalid(`sender must be one of: ${SENDER_TYPES.join(', ')}.`, [{ pointer: '/body/sender', detail: `must be one of: ${SENDER_TYPES.join(', ')}` }]);
  }
  const secret = input.secret ?? null;
  if (secret !== null && deps.webhooks.parserFor(input.sender).auth === AuthScheme.receiverUrl) {
    const detail = `a ${input.sender} sender cannot send a secret; the receiver URL is its credential`;
    throw invalid(`The secret is not usable: ${detail}.`, [{ pointer: '/body/secret', detail }]);
  }
  const registryHost = input.registryHost ?? null;
  if (registryHost !== null && !isRegistryHost(registryHost)) {
    throw invalid('registryHost must be a host name or address with an optional port.', [{ pointer: '/body/registryHost', detail: 'must be a host with an optional port, e.g. registry.example.com:5000' }]);
  }
  const receiver: RegistryReceiver = {
    id: `rcv_${randomBytes(24).toString('base64url')}`,
    accountId: input.accountId,
    name: input.name,
    sender: input.sender,
    secretCiphertext: secret === null ? null : deps.secrets.seal(secret),
    registryHost,
    createdAt: deps.clock.now(),
  };
  await deps.store.registryReceivers.insert(receiver);
  return receiver;
}
