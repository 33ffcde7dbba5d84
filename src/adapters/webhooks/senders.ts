import type { WebhookParser, WebhookParsers } from '../../app/ports/webhook-parser.ts';
import { SENDER_TYPES, type SenderType } from '../../domain/image-push-event.ts';
import { acr } from './acr.ts';
import { alibabaAcr } from './alibaba-acr.ts';
import { cloudevents } from './cloudevents.ts';
import { distribution } from './distribution.ts';
import { dockerHub } from './docker-hub.ts';
import { ecr } from './ecr.ts';
import { gar } from './gar.ts';
import { githubPackages } from './github-packages.ts';
import { harbor } from './harbor.ts';
import { jfrog } from './jfrog.ts';
import { nexus } from './nexus.ts';
import { quay } from './quay.ts';
import { standardWebhooks } from './standard-webhooks.ts';
import { tencentTcr } from './tencent-tcr.ts';

/**
 * Sender type → parser. The list of types lives in the domain (a receiver's configuration is validated against
 * it); the `Record` makes a type without a parser a compile error.
 */
const PARSERS: Readonly<Record<SenderType, WebhookParser>> = {
  'distribution': distribution,
  'docker-hub': dockerHub,
  'harbor': harbor,
  'quay': quay,
  'github-packages': githubPackages,
  'acr': acr,
  'gar': gar,
  'ecr': ecr,
  'alibaba-acr': alibabaAcr,
  'tencent-tcr': tencentTcr,
  'jfrog': jfrog,
  'nexus': nexus,
  'cloudevents': cloudevents,
  'standard-webhooks': standardWebhooks,
};

export { SENDER_TYPES };

export function parserFor(sender: SenderType): WebhookParser {
  return PARSERS[sender];
}

/** The WebhookParsers port over every sender's parser (wired into AppDeps by the composition root). */
export const webhookParsers: WebhookParsers = { parserFor };
