import { AuthScheme, header, type VerifyInput, type VerifyResult, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { checkSharedHeader, hmac, safeEqual } from './auth-checks.ts';
import { readDigest, readRepository, readTag } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed, rejected, verified } from './webhook-parser.ts';

/**
 * JFrog Artifactory webhooks, `docker` domain. Sources: https://jfrog.com/help/r/jfrog-platform-administration-
 * documentation/domain-docker; envelope per https://docs.jfrog.com/administration/docs/event-types.
 *
 * Auth: `X-JFrog-Event-Auth` carries the configured secret verbatim, or, with "use secret for payload signing",
 * the hex HMAC-SHA256 of the raw body (JFrog's Terraform provider docs; Kargo implements the same). Both are
 * accepted, compared in constant time; the older `sha1=` form is not.
 *
 * On the wire the event is `{domain, event_type, data, jpd_origin, …}`; JFrog publishes only `data`, which is also
 * accepted bare. A push is `event_type: pushed`. The digest is `sha256:` + `data.sha256` (the manifest checksum).
 * The registry host depends on Artifactory's Docker access method (subdomain, repository path or port), which the
 * payload does not say, so it is null. There is no event id; the dedupe key is repository key, image, tag and digest.
 */
export const jfrog: WebhookParser = {
  sender: 'jfrog',
  contentTypes: ['application/json'],
  auth: AuthScheme.signature,
  verify: verifyJfrog,
  parse(body) {
    const root = PayloadNode.body(body).object();
    const domain = root.get('domain').optString();
    if (domain !== null && domain !== 'docker') return ignored(`JFrog ${domain} event is not a Docker event`);
    const data = domain === null ? root : root.get('data').object();
    const type = (domain === null ? data : root).get('event_type').string();
    if (type !== 'pushed') return ignored(`Docker event ${type} is not a push`);
    const repository = readRepository(data.get('image_name'));
    const tag = readTag(data.get('tag'));
    const digest = readDigest(new PayloadNode(`sha256:${data.get('sha256').string()}`, data.get('sha256').pointer));
    return pushed([{
      sender: 'jfrog',
      eventId: null,
      dedupeKey: `${data.get('repo_key').optString() ?? ''}/${repository}:${tag ?? ''}@${digest ?? ''}`,
      registryHost: null,
      repository,
      tag,
      digest,
      mediaType: null,
      pushedAt: null,
      actor: null,
    }]);
  },
};

function verifyJfrog(input: VerifyInput): VerifyResult {
  const plain = checkSharedHeader(input, 'x-jfrog-event-auth');
  if (plain.ok || input.secret === null || plain.error.code === 'TOKEN_MISSING') return plain;
  const value = header(input.headers, 'x-jfrog-event-auth') ?? '';
  const expected = hmac('sha256', input.secret, input.rawBody).toString('hex');
  return safeEqual(value.toLowerCase(), expected)
    ? verified(AuthScheme.signature)
    : rejected('SIGNATURE_INVALID', 'The X-JFrog-Event-Auth header matches neither the secret nor the body signature.');
}
