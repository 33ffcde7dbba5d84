import { AuthScheme, type WebhookParser } from '../../app/ports/webhook-parser.ts';
import { checkSharedHeader } from './auth-checks.ts';
import { parseDefault } from './harbor.ts';
import { PayloadNode } from './payload-node.ts';

/**
 * Tencent Cloud TCR (Enterprise) webhook triggers. Source: TencentCloud/tencentcloud-cli
 * tccli/examples/tcr/v20190924/DescribeWebhookTriggerLog.md (the delivered body, as logged); product doc
 * https://www.tencentcloud.com/document/product/1051/37254.
 *
 * Auth: TCR signs nothing; a trigger can carry custom headers (Key: Value), so the shared-header check applies to
 * `Authorization`.
 *
 * TCR Enterprise is Harbor-based and delivers Harbor 1.x's Default format: `type: pushImage` (also pullImage,
 * uploadChart), `event_data.resources[]`, host from `resource_url`, `operator` = pusher, `occur_at` in Unix seconds,
 * no event id. The Harbor parser's Default-format reader is reused with this sender's name.
 */
export const tencentTcr: WebhookParser = {
  sender: 'tencent-tcr',
  contentTypes: ['application/json'],
  auth: AuthScheme.sharedHeader,
  verify: (input) => checkSharedHeader(input),
  parse: (body) => parseDefault(PayloadNode.body(body).object(), 'tencent-tcr'),
};
