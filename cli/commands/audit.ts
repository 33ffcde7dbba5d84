/**
 * `capstan audit`: the audit log (admin only), newest first — every call that asked for a change, who made it, on
 * what, and whether it was allowed and done. Filters map one to one onto `GET /api/v1/audit-events`.
 */
import { AUDIT_OUTCOMES, type AuditEvent, type AuditEventListParams, type AuditOutcome } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { stringOption, type Command, type CommandContext } from '../command.ts';
import { firstItems } from '../first-items.ts';
import type { Column } from '../output.ts';
import { wholeNumber } from './tokens.ts';

const HELP = 'capstan audit';

/** `name (token id)`, `name (token id) via key CAPK…`, or empty for a call without valid credentials. */
function actorText(e: AuditEvent): string | null {
  if (e.actor === null) return null;
  const who = `${e.actor.tokenName} (${e.actor.tokenId})`;
  return e.actor.accessKeyId === null ? who : `${who} via key ${e.actor.accessKeyId}`;
}

const COLUMNS: readonly Column<AuditEvent>[] = [
  { header: 'AT', value: (e) => e.at },
  { header: 'OUTCOME', value: (e) => e.outcome },
  { header: 'STATUS', value: (e) => e.status },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TARGET', value: (e) => e.target },
  { header: 'ACTOR', value: actorText },
  { header: 'ERROR', value: (e) => e.errorCode },
  { header: 'SOURCE', value: (e) => e.sourceIp },
  { header: 'REQUEST', value: (e) => e.requestId },
];

/** Epoch milliseconds or an ISO 8601 date-time, checked here so a typo is a usage error and not a server round trip. */
function instant(ctx: CommandContext, name: 'since' | 'until'): string | undefined {
  const raw = stringOption(ctx, name);
  if (raw === undefined) return undefined;
  if (/^\d{1,15}$/.test(raw) || (/^\d{4}-\d{2}-\d{2}/.test(raw) && !Number.isNaN(Date.parse(raw)))) return raw;
  throw new UsageError(`--${name} must be epoch milliseconds or an ISO 8601 date-time, got "${raw}"`, HELP);
}

function listParams(ctx: CommandContext): AuditEventListParams & { max: number } {
  const outcome = stringOption(ctx, 'outcome');
  if (outcome !== undefined && !(AUDIT_OUTCOMES as readonly string[]).includes(outcome)) {
    throw new UsageError(`--outcome must be one of: ${AUDIT_OUTCOMES.join(', ')}`, HELP);
  }
  const raw = stringOption(ctx, 'limit');
  const filters: Record<string, string | undefined> = {
    actor: stringOption(ctx, 'actor'), action: stringOption(ctx, 'action'), route: stringOption(ctx, 'route'),
    target: stringOption(ctx, 'target'), since: instant(ctx, 'since'), until: instant(ctx, 'until'),
  };
  return {
    max: raw === undefined ? 50 : Math.max(1, wholeNumber(raw, '--limit', HELP)),
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
    ...(outcome === undefined ? {} : { outcome: outcome as AuditOutcome }),
  };
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'List the audit log, newest first: who changed what, when, and whether it was allowed (admin only)',
  description: 'Every call that asked for a change (POST, PUT, PATCH, DELETE, and vendor write actions such as CCR '
    + 'AddUpdateServiceTrigger) is recorded, refusals included; reads and the public trigger and registry-event URLs are not.',
  options: {
    actor: { type: 'string', valueName: 'TOKEN-ID', description: 'Only calls made with this API token (directly or with its access keys)' },
    action: { type: 'string', valueName: 'ACTION', description: 'Only this action, e.g. "POST /api/v1/tokens" or "CCR AddUpdateServiceTrigger"' },
    route: { type: 'string', valueName: 'ROUTE', description: 'Only this route template, e.g. /api/v1/tokens/:id' },
    target: { type: 'string', valueName: 'ID', description: 'Only calls on this resource' },
    outcome: { type: 'string', valueName: 'OUTCOME', description: `Only this outcome: ${AUDIT_OUTCOMES.join(', ')}` },
    since: { type: 'string', valueName: 'TIME', description: 'Only calls at or after TIME (epoch ms or ISO 8601)' },
    until: { type: 'string', valueName: 'TIME', description: 'Only calls at or before TIME (epoch ms or ISO 8601)' },
    limit: { type: 'string', valueName: 'N', description: 'Show at most N (default 50)' },
  },
  async run(ctx) {
    const { max, ...filters } = listParams(ctx);
    const client = ctx.client();
    ctx.print.list(await firstItems(max, (page) => client.auditEvents.list({ ...filters, ...page })), COLUMNS);
  },
};
