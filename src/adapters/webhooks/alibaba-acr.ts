import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { checkNothing } from './auth-checks.ts';
import { readDigest, readRepository, readTag } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { pushed } from './webhook-parser.ts';

/**
 * Alibaba Cloud Container Registry webhooks. Source: https://www.alibabacloud.com/help/doc-detail/60949.htm
 * ("Notification contents").
 *
 * Auth: none is possible: no secret, header or signature, so the receiver URL is the credential (W4).
 *
 * Fires only on push (tag filters live on Alibaba's side). The host is derived from `repository.region` as the
 * public endpoint `registry.<region>.aliyuncs.com`; VPC and Enterprise Edition domains differ and are not in the
 * payload. `pushed_at` is `YYYY-MM-DD HH:MM:SS` with no time zone, so it is kept only inside the dedupe key and
 * `pushedAt` is null rather than a guess. There is no event id and no pusher.
 */
export const alibabaAcr: WebhookParser = {
  sender: 'alibaba-acr',
  contentTypes: ['application/json'],
  auth: AuthScheme.receiverUrl,
  verify: () => checkNothing(),
  parse(body) {
    const root = PayloadNode.body(body).object();
    const pushData = root.get('push_data').object();
    const repo = root.get('repository').object();
    const repository = readRepository(repo.get('repo_full_name'));
    const tag = readTag(pushData.get('tag')) ?? pushData.get('tag').fail('is required');
    const digest = readDigest(pushData.get('digest'));
    return pushed([{
      sender: 'alibaba-acr',
      eventId: null,
      dedupeKey: `${repository}:${tag}@${digest ?? ''}|${pushData.get('pushed_at').optString() ?? ''}`,
      registryHost: `registry.${readRegion(repo.get('region'))}.aliyuncs.com`,
      repository,
      tag,
      digest,
      mediaType: null,
      pushedAt: null,
      actor: null,
    }]);
  },
};

const REGION = /^[a-z]{2}(?:-[a-z0-9]+)+$/;

function readRegion(node: PayloadNode): string {
  const region = node.string();
  if (!REGION.test(region)) node.fail('must be a region id such as "cn-hangzhou"');
  return region;
}
