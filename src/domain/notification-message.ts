/**
 * The bodies Capstan posts to notification channels (domain/notification-channel.ts): the documented JSON envelope
 * (format `json`) and a Slack incoming-webhook message (format `slack`) carrying the same facts. Pure functions of
 * a finished record and its rollback target, so attempts of one message send the same bytes.
 *
 * JSON envelope (README "Notifications"), stable; fields are only ever added:
 *
 *     { "type": "record.failed", "id": "<webhook-id>", "time": "<record finishedAt, ISO 8601>",
 *       "data": { "record": {id, type, origin, state, error, taskId, triggerId, rollbackOfRecordId, jobName,
 *                            createdBy, createdAt, startedAt, finishedAt},
 *                 "workloads": {total, succeeded, failed, stopped, other, items: [{clusterId, namespace, kind, name,
 *                               state, message}], truncated},
 *                 "links": {record: "<public URL>/ui/records/<id>", api: "<public URL>/api/v1/deploy-records/<id>"},
 *                 "rollback": {method: "POST", url, toRecordId} | null } }
 *
 * Record params are never included (encrypted values stay in the store).
 */
import type { DeployRecord, StepState } from './deploy-record.ts';
import { TEST_EVENT, type NotificationEvent } from './notification-channel.ts';

/** Workload items listed per message at most; the counts always cover all of them. */
export const MAX_LISTED_WORKLOADS = 50;
const MAX_ERROR_CHARS = 2_000;

export interface WorkloadOutcome {
  readonly clusterId: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly state: StepState;
  readonly message: string | null;
}

export interface WorkloadSummary {
  readonly total: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly stopped: number;
  /** pending, running or skipped when the record ended. */
  readonly other: number;
  readonly items: readonly WorkloadOutcome[];
  readonly truncated: boolean;
}

export interface RollbackCall {
  readonly method: 'POST';
  readonly url: string;
  /** The record whose outcome the call restores: the last one that succeeded before this one (see below). */
  readonly toRecordId: string;
}

export interface RecordMessageInput {
  readonly event: NotificationEvent;
  readonly messageId: string;
  /** A final record. */
  readonly record: DeployRecord;
  /**
   * The last succeeded record of the same task (or trigger) created before this one, if any: rolling back to it
   * undoes this record, whether it failed half-way or succeeded with a bad version.
   */
  readonly rollbackToRecordId: string | null;
  /** Base of the links, without a trailing slash (CAPSTAN_PUBLIC_URL). */
  readonly publicUrl: string;
}

export interface RecordEnvelope {
  readonly type: NotificationEvent;
  readonly id: string;
  readonly time: string;
  readonly data: {
    readonly record: {
      readonly id: string;
      readonly type: DeployRecord['type'];
      readonly origin: DeployRecord['origin'];
      readonly state: DeployRecord['state'];
      readonly error: string | null;
      readonly taskId: string | null;
      readonly triggerId: string | null;
      readonly rollbackOfRecordId: string | null;
      readonly jobName: string;
      readonly createdBy: DeployRecord['createdBy'];
      readonly createdAt: string;
      readonly startedAt: string | null;
      readonly finishedAt: string | null;
    };
    readonly workloads: WorkloadSummary;
    readonly links: { readonly record: string; readonly api: string };
    readonly rollback: RollbackCall | null;
  };
}

export interface TestEnvelope {
  readonly type: typeof TEST_EVENT;
  readonly id: string;
  readonly time: string;
  readonly data: { readonly channel: { readonly id: string; readonly name: string }; readonly message: string };
}

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

/**
 * Each workload's last reported outcome (a later step that names it, e.g. the rollout wait after a write,
 * supersedes an earlier one), in the order the record first touched them.
 */
export function summarizeWorkloads(record: Pick<DeployRecord, 'steps'>): WorkloadSummary {
  const last = new Map<string, WorkloadOutcome>();
  for (const step of record.steps) {
    for (const w of step.workloads) {
      const key = `${w.clusterId}/${w.workload.namespace}/${w.workload.kind}/${w.workload.name}`;
      last.set(key, { clusterId: w.clusterId, ...w.workload, state: w.state, message: clip(w.message, 500) });
    }
  }
  const all = [...last.values()];
  const count = (state: StepState) => all.filter((w) => w.state === state).length;
  const [succeeded, failed, stopped] = [count('succeeded'), count('failed'), count('stopped')];
  return {
    total: all.length, succeeded, failed, stopped, other: all.length - succeeded - failed - stopped,
    items: all.slice(0, MAX_LISTED_WORKLOADS), truncated: all.length > MAX_LISTED_WORKLOADS,
  };
}

export function recordLinks(publicUrl: string, recordId: string): { record: string; api: string } {
  return { record: `${publicUrl}/ui/records/${recordId}`, api: `${publicUrl}/api/v1/deploy-records/${recordId}` };
}

export function rollbackCall(publicUrl: string, toRecordId: string | null): RollbackCall | null {
  return toRecordId === null ? null : { method: 'POST', url: `${publicUrl}/api/v1/deploy-records/${toRecordId}/rollback`, toRecordId };
}

export function recordEnvelope(input: RecordMessageInput): RecordEnvelope {
  const r = input.record;
  return {
    type: input.event,
    id: input.messageId,
    time: isoTime(r.finishedAt ?? r.updatedAt),
    data: {
      record: {
        id: r.id, type: r.type, origin: r.origin, state: r.state, error: clip(r.error, MAX_ERROR_CHARS),
        taskId: r.taskId, triggerId: r.triggerId, rollbackOfRecordId: r.rollbackOfRecordId, jobName: r.jobName,
        createdBy: r.createdBy, createdAt: isoTime(r.createdAt), startedAt: isoOrNull(r.startedAt), finishedAt: isoOrNull(r.finishedAt),
      },
      workloads: summarizeWorkloads(r),
      links: recordLinks(input.publicUrl, r.id),
      rollback: rollbackCall(input.publicUrl, input.rollbackToRecordId),
    },
  };
}

export function testEnvelope(messageId: string, channel: { id: string; name: string }, at: number): TestEnvelope {
  return {
    type: TEST_EVENT, id: messageId, time: isoTime(at),
    data: { channel: { id: channel.id, name: channel.name }, message: `Test notification from Capstan for channel "${channel.name}".` },
  };
}

const HEADLINE: Readonly<Record<NotificationEvent, { emoji: string; verb: string }>> = {
  'record.succeeded': { emoji: ':white_check_mark:', verb: 'succeeded' },
  'record.failed': { emoji: ':x:', verb: 'failed' },
  'record.stopped': { emoji: ':double_vertical_bar:', verb: 'was stopped' },
};

/**
 * The same facts as a Slack incoming-webhook message: `text` (the notification and fallback line) and Block Kit
 * `blocks`. Slack's limits are kept: section text under 3,000 characters, at most 10 fields, 10 workload lines.
 */
export function recordSlackMessage(input: RecordMessageInput): SlackMessage {
  const env = recordEnvelope(input);
  const { record, workloads, links, rollback } = env.data;
  const head = HEADLINE[input.event];
  const short = record.id.slice(0, 12);
  const origin = record.taskId !== null ? `task ${record.taskId}` : record.triggerId !== null ? `trigger ${record.triggerId}` : record.origin;
  const text = `${head.emoji} Capstan ${record.type} record ${short} (${origin}) ${head.verb}`
    + (record.error === null ? '' : `: ${clip(record.error, 500)}`);

  const fields = [
    field('Type', record.type), field('Origin', record.origin),
    ...(record.taskId === null ? [] : [field('Task', record.taskId)]),
    ...(record.triggerId === null ? [] : [field('Trigger', record.triggerId)]),
    ...(record.rollbackOfRecordId === null ? [] : [field('Rolls back to', record.rollbackOfRecordId)]),
    field('Workloads', workloadCounts(workloads)),
    ...(record.createdBy === null ? [] : [field('Started by', record.createdBy.name)]),
    field('Finished', record.finishedAt ?? env.time),
  ].slice(0, 10);
  const blocks: Record<string, unknown>[] = [
    mrkdwnSection(`${head.emoji} *<${slackUrl(links.record)}|Deploy record ${escape(short)}> ${head.verb}*`
      + (record.error === null ? '' : `\n${escape(clip(record.error, 2_500) ?? '')}`)),
    { type: 'section', fields },
  ];
  const lines = workloads.items.slice(0, 10).map((w) =>
    `• ${escape(`${w.kind} ${w.namespace}/${w.name}`)} on ${escape(w.clusterId)}: *${w.state}*${w.message === null ? '' : ` — ${escape(clip(w.message, 200) ?? '')}`}`);
  if (workloads.total > lines.length) lines.push(`…and ${workloads.total - lines.length} more`);
  if (lines.length > 0) blocks.push(mrkdwnSection(lines.join('\n').slice(0, 2_900)));
  if (rollback !== null) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `To roll back to ${escape(rollback.toRecordId.slice(0, 12))}: \`POST ${escape(rollback.url)}\`` }] });
  }
  blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open record' }, url: links.record }] });
  return { text, blocks };
}

export function testSlackMessage(channel: { id: string; name: string }): SlackMessage {
  const text = `:wave: Test notification from Capstan for channel "${channel.name}".`;
  return { text, blocks: [mrkdwnSection(escape(text))] };
}

function workloadCounts(w: WorkloadSummary): string {
  if (w.total === 0) return 'none changed';
  const parts = [[w.succeeded, 'succeeded'], [w.failed, 'failed'], [w.stopped, 'stopped'], [w.other, 'other']] as const;
  return parts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`).join(', ');
}

function field(label: string, value: string) {
  return { type: 'mrkdwn', text: `*${label}*\n${escape(clip(value, 1_900) ?? '')}` };
}

function mrkdwnSection(text: string) {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Slack's three control characters in mrkdwn (https://api.slack.com/reference/surfaces/formatting#escaping). */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A URL inside `<url|label>`: `|` and `>` would end it early. */
function slackUrl(url: string): string {
  return url.replaceAll('|', '%7C').replaceAll('>', '%3E');
}

function clip(text: string | null, max: number): string | null {
  if (text === null) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : isoTime(ms);
}
