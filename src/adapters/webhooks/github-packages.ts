import { AuthScheme, header, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { checkHexHmacHeader } from './auth-checks.ts';
import { readDigest, readReference, readTag, readTime } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * GitHub Packages / GHCR: the `package` event and the older `registry_package` event (same data under another
 * key). Sources: octokit/webhooks payload-examples package/published.docker and registry_package/published.docker;
 * github/docs validating-webhook-deliveries.md; protocols-reliability.md §3.1.
 *
 * Auth: GitHub signs every delivery: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, raw body)>`. The
 * legacy SHA-1 `X-Hub-Signature` is not accepted (W2: one scheme per source). The signature covers no timestamp,
 * so replay protection is the dedupe on `X-GitHub-Delivery`, which GitHub keeps on redelivery (W3).
 *
 * Containers are told apart by `registry.type == CONTAINER` (`package_type` and `ecosystem` are unreliable in the
 * examples). Repository and host come from `package_version.package_url`; the digest is `package_version.version`;
 * `container_metadata.tag.name` is empty for an untagged push. `container_metadata.tag.digest` is not a manifest
 * digest in the examples and is not read.
 */
export const githubPackages: WebhookParser = {
  sender: 'github-packages',
  contentTypes: ['application/json'],
  auth: AuthScheme.signature,
  verify: (input) => checkHexHmacHeader(input, { header: 'x-hub-signature-256', algorithm: 'sha256', prefix: 'sha256=' }),
  parse(body, headers) {
    const event = header(headers, 'x-github-event');
    if (event !== 'package' && event !== 'registry_package') return ignored(`GitHub event ${event ?? '(none)'} is not a package event`);
    const root = PayloadNode.body(body).object();
    const action = root.get('action').string();
    if (action !== 'published') return ignored(`package action ${action} is not a publish`);
    const pkg = root.get(event).object();
    const registryType = pkg.get('registry').object().get('type').string();
    if (registryType.toUpperCase() !== 'CONTAINER') return ignored(`package registry ${registryType} is not a container registry`);
    const version = pkg.get('package_version').object();
    const ref = readReference(version.get('package_url'));
    const deliveryId = header(headers, 'x-github-delivery');
    return pushed([{
      sender: 'github-packages',
      eventId: deliveryId,
      dedupeKey: deliveryId,
      registryHost: ref.host ?? 'ghcr.io',
      repository: ref.repository,
      tag: readTag(version.get('container_metadata').get('tag').get('name')) ?? ref.tag,
      digest: readDigest(version.get('version')),
      mediaType: null,
      pushedAt: readTime(version.get('updated_at')) ?? readTime(version.get('created_at')),
      actor: root.get('sender').get('login').optString(),
    }]);
  },
};
