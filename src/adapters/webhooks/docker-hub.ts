import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { checkNothing } from './auth-checks.ts';
import { readRepository, readTag, readUnixSeconds } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { pushed } from './webhook-parser.ts';

/**
 * Docker Hub repository webhooks. Source: https://docs.docker.com/docker-hub/repos/manage/webhooks/;
 * protocols-reliability.md §4.2.
 *
 * Auth: none is possible. Docker Hub sends no secret, header or signature, so the receiver URL must be
 * unguessable (W4) and the payload is only a hint (W5): the digest is resolved from the registry anyway.
 *
 * Push is the only event. There is no event id, digest or host: the host is `docker.io`, and the dedupe key is
 * synthesised from repository, tag and push time (§4.2). `callback_url` is legacy and never called.
 */
export const dockerHub: WebhookParser = {
  sender: 'docker-hub',
  contentTypes: ['application/json'],
  auth: AuthScheme.receiverUrl,
  verify: () => checkNothing(),
  parse(body) {
    const root = PayloadNode.body(body).object();
    const pushData = root.get('push_data').object();
    const name = root.get('repository').object().get('repo_name');
    const repository = officialName(readRepository(name));
    const tag = readTag(pushData.get('tag')) ?? pushData.get('tag').fail('is required');
    const pushedAt = readUnixSeconds(pushData.get('pushed_at'));
    return pushed([{
      sender: 'docker-hub',
      eventId: null,
      dedupeKey: `${repository}:${tag}@${pushedAt ?? ''}`,
      registryHost: 'docker.io',
      repository,
      tag,
      digest: null,
      mediaType: null,
      pushedAt,
      actor: pushData.get('pusher').optString(),
    }]);
  },
};

/** Official images live under `library/` in image references (`nginx` is `docker.io/library/nginx`). */
function officialName(repository: string): string {
  return repository.includes('/') ? repository : `library/${repository}`;
}
