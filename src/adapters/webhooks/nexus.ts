import { AuthScheme, header, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { isDigest } from '../../domain/image-push-event.ts';
import { checkHexHmacHeader } from './auth-checks.ts';
import { readRepository, readTag, readTime } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * Sonatype Nexus Repository 3 webhooks, `rm:repository:component`. Sources: https://help.sonatype.com/repomanager3/
 * integrations/webhooks/example-headers-and-payloads; sonatype/nexus-public WebhookServiceImpl.java; the docker
 * sample is fluxcd/flux-recv test/fixtures/nexus_payload (Sonatype publishes none).
 *
 * Auth: `X-Nexus-Webhook-Signature` = lowercase hex HMAC-SHA1(secret, raw body). SHA-1 is what Nexus sends; as an
 * HMAC it still authenticates.
 *
 * A push is a `docker` component CREATED or UPDATED; asset events (one per blob) are ignored. repository =
 * `component.name`, tag = `component.version` (a digest there means an untagged push); `repositoryName` is the
 * Nexus repository, not part of the image name. The host is the repository's Docker connector, which the payload
 * does not carry. `X-Nexus-Webhook-Delivery` is the event id.
 */
export const nexus: WebhookParser = {
  sender: 'nexus',
  contentTypes: ['application/json'],
  auth: AuthScheme.signature,
  verify: (input) => checkHexHmacHeader(input, { header: 'x-nexus-webhook-signature', algorithm: 'sha1', prefix: '' }),
  parse(body, headers) {
    const hook = header(headers, 'x-nexus-webhook-id');
    if (hook !== 'rm:repository:component') return ignored(`Nexus webhook ${hook ?? '(none)'} is not a component event`);
    const root = PayloadNode.body(body).object();
    const action = root.get('action').string();
    if (action !== 'CREATED' && action !== 'UPDATED') return ignored(`component action ${action} is not a push`);
    const component = root.get('component').object();
    const format = component.get('format').string();
    if (format !== 'docker') return ignored(`component format ${format} is not docker`);
    const version = component.get('version');
    const byDigest = isDigest(version.string());
    const deliveryId = header(headers, 'x-nexus-webhook-delivery');
    return pushed([{
      sender: 'nexus',
      eventId: deliveryId,
      dedupeKey: deliveryId,
      registryHost: null,
      repository: readRepository(component.get('name')),
      tag: byDigest ? null : readTag(version),
      digest: byDigest ? version.string() : null,
      mediaType: null,
      pushedAt: readTime(root.get('timestamp')),
      // `initiator` is `<user>/<ip>`; the address is not an actor.
      actor: root.get('initiator').optString()?.split('/')[0] ?? null,
    }]);
  },
};
