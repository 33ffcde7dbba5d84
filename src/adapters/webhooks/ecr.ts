import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { checkSharedHeader } from './auth-checks.ts';
import { readDigest, readRepository, readTag, readTime } from './payload-fields.ts';
import { PayloadNode } from './payload-node.ts';
import { ignored, pushed } from './webhook-parser.ts';

/**
 * AWS ECR image actions, delivered by an EventBridge rule to an API destination (ECR has no webhooks of its own).
 * Sources: https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-eventbridge.html and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-api-destinations.html.
 *
 * Auth: EventBridge signs nothing; the API-destination connection adds an API-key header, Basic credentials or an
 * OAuth token. The first two are static, so the shared-header check applies to `Authorization` (API key with that
 * header name, or Basic with the secret as password). OAuth client credentials are not supported.
 *
 * The body is the raw EventBridge event (no input transformer): a push is `source: aws.ecr`, `detail-type: ECR
 * Image Action`, `detail.action-type: PUSH`, `detail.result: SUCCESS`. The registry host is derived from account
 * and region; the top-level `id` is the event id.
 */
export const ecr: WebhookParser = {
  sender: 'ecr',
  contentTypes: ['application/json'],
  auth: AuthScheme.sharedHeader,
  verify: (input) => checkSharedHeader(input),
  parse(body) {
    const root = PayloadNode.body(body).object();
    const kind = `${root.get('source').string()} / ${root.get('detail-type').string()}`;
    if (kind !== 'aws.ecr / ECR Image Action') return ignored(`EventBridge event ${kind} is not an ECR image action`);
    const detail = root.get('detail').object();
    const action = detail.get('action-type').string();
    const result = detail.get('result').string();
    if (action !== 'PUSH' || result !== 'SUCCESS') return ignored(`ECR image action ${action} ${result} is not a successful push`);
    const id = root.get('id').string();
    return pushed([{
      sender: 'ecr',
      eventId: id,
      dedupeKey: id,
      registryHost: registryHost(root),
      repository: readRepository(detail.get('repository-name')),
      tag: readTag(detail.get('image-tag')),
      digest: readDigest(detail.get('image-digest')),
      mediaType: null,
      pushedAt: readTime(root.get('time')),
      actor: null,
    }]);
  },
};

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/;

/** `<account>.dkr.ecr.<region>.amazonaws.com`; China regions use the `.com.cn` partition. */
function registryHost(root: PayloadNode): string {
  const account = root.get('account').string();
  const region = root.get('region').string();
  if (!ACCOUNT.test(account)) root.get('account').fail('must be a 12-digit AWS account id');
  if (!REGION.test(region)) root.get('region').fail('must be an AWS region such as "us-west-2"');
  return `${account}.dkr.ecr.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
