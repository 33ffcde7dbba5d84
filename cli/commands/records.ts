/**
 * `capstan records …`: deploy records, the history of every change Capstan made. `show` prints the steps with
 * their per-workload rollout state; `rollback` starts a new record that restores what a record left behind and,
 * with --wait, follows it; `wait` follows any record.
 */
import { RECORD_STATES, type DeployRecord, type RecordListParams, type RecordState, type RecordType } from '../../client/index.ts';
import { UsageError } from '../cli-errors.ts';
import { firstArg, flagOption, stringOption, type CommandContext, type CommandGroup } from '../command.ts';
import { firstItems } from '../first-items.ts';
import { printOrFollow, RECORD_FIELDS, WAIT_OPTION, waitAndReport } from '../follow-record.ts';
import { clean, type Column } from '../output.ts';
import { wholeNumber } from './tokens.ts';

const COLUMNS: readonly Column<DeployRecord>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'STATE', value: (r) => r.state },
  { header: 'TYPE', value: (r) => r.type },
  { header: 'ACTION', value: (r) => r.hookAction },
  { header: 'SOURCE', value: (r) => source(r) },
  { header: 'CREATED', value: (r) => r.createdAt },
  { header: 'ERROR', value: (r) => r.error },
];

const TYPES: readonly RecordType[] = ['deploy', 'trigger', 'rollback'];

function source(r: DeployRecord): string {
  if (r.rollbackOfRecordId) return `rollback of ${r.rollbackOfRecordId}`;
  if (r.taskId) return `task ${r.taskId}${r.releaseId !== null ? ` #${r.releaseId}` : ''}`;
  if (r.triggerId) return `${r.origin} ${r.triggerId}`;
  return r.origin;
}

/** The record's steps and workloads as indented text (table mode of `show`). */
function stepsText(r: DeployRecord): string {
  const lines = ['', 'steps:'];
  for (const step of r.steps) {
    const timing = step.startedAt ? ` (${step.startedAt} → ${step.finishedAt ?? 'running'})` : '';
    lines.push(`  ${step.index + 1}. ${clean(step.name)} [${step.type}] ${step.state}${timing}${step.message ? ` - ${clean(step.message)}` : ''}`);
    for (const w of step.workloads) {
      const counts = typeof w.desired === 'number' ? ` ${w.updated ?? 0}/${w.desired} updated, ${w.ready ?? 0} ready` : '';
      lines.push(`     ${w.kind} ${clean(w.namespace)}/${clean(w.name)}: ${w.state}${counts}${w.message ? ` - ${clean(w.message)}` : ''}`);
      if (w.warning) lines.push(`       warning: ${clean(w.warning)}`);
    }
  }
  if (r.params.length > 0) {
    lines.push('', 'parameters:');
    for (const p of r.params) lines.push(`  ${clean(p.key)} = ${p.type === 'encrypt' ? '(encrypted)' : clean(p.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

function listParams(ctx: CommandContext): RecordListParams & { max: number } {
  const state = stringOption(ctx, 'state');
  const type = stringOption(ctx, 'type');
  if (state !== undefined && !(RECORD_STATES as readonly string[]).includes(state)) {
    throw new UsageError(`--state must be one of: ${RECORD_STATES.join(', ')}`, 'capstan records list');
  }
  if (type !== undefined && !(TYPES as readonly string[]).includes(type)) {
    throw new UsageError(`--type must be one of: ${TYPES.join(', ')}`, 'capstan records list');
  }
  const task = stringOption(ctx, 'task');
  const trigger = stringOption(ctx, 'trigger');
  const raw = stringOption(ctx, 'limit');
  return {
    max: raw === undefined ? 20 : Math.max(1, wholeNumber(raw, '--limit', 'capstan records list')),
    ...(state ? { state: state as RecordState } : {}), ...(type ? { type: type as RecordType } : {}),
    ...(task ? { taskId: task } : {}), ...(trigger ? { triggerId: trigger } : {}),
  };
}

export const recordsCommands: CommandGroup = {
  name: 'records',
  summary: 'Deploy records: every change Capstan made, with progress; roll back to any of them',
  commands: [
    {
      name: 'list',
      summary: 'List deploy records, newest first',
      options: {
        state: { type: 'string', valueName: 'STATE', description: `Only this state: ${RECORD_STATES.join(', ')}` },
        type: { type: 'string', valueName: 'TYPE', description: 'Only this type: deploy, trigger, rollback' },
        task: { type: 'string', valueName: 'ID', description: 'Only the runs of this deploy task' },
        trigger: { type: 'string', valueName: 'ID', description: 'Only the records of this trigger' },
        limit: { type: 'string', valueName: 'N', description: 'Show at most N (default 20)' },
      },
      async run(ctx) {
        const { max, ...filters } = listParams(ctx);
        const client = ctx.client();
        ctx.print.list(await firstItems(max, (page) => client.records.list({ ...filters, ...page })), COLUMNS);
      },
    },
    {
      name: 'show',
      summary: 'Show a deploy record with its steps, workloads and parameters',
      args: ['id'],
      async run(ctx) {
        const record = await ctx.client().records.get(firstArg(ctx));
        ctx.print.object(record, RECORD_FIELDS);
        if (ctx.print.format === 'table') ctx.io.stdout(stepsText(record));
      },
    },
    {
      name: 'rollback',
      summary: 'Roll back to a record: restore every workload it changed to the template it left behind',
      description: 'Starts a new record of type rollback and prints it; --wait follows it to the end (exit 4 if it fails). Images that image triggers deployed since the record are quarantined for them (see "capstan image-triggers quarantine") unless --no-quarantine.',
      args: ['id'],
      options: {
        wait: WAIT_OPTION,
        'no-quarantine': { type: 'boolean', description: 'Do not quarantine the images this rollback takes away from image triggers' },
      },
      async run(ctx) {
        const client = ctx.client();
        const started = await client.records.rollback(firstArg(ctx), flagOption(ctx, 'no-quarantine') ? { quarantine: false } : {});
        return printOrFollow(ctx, client, started, `Started rollback record ${started.id}.`);
      },
    },
    {
      name: 'stop',
      summary: 'Stop a queued or running record between steps',
      args: ['id'],
      async run(ctx) {
        ctx.print.object(await ctx.client().records.stop(firstArg(ctx)), RECORD_FIELDS);
      },
    },
    {
      name: 'wait',
      summary: 'Follow a record until it finishes, showing its progress; exit 4 if it fails',
      args: ['id'],
      async run(ctx) {
        return waitAndReport(ctx, ctx.client(), firstArg(ctx));
      },
    },
  ],
};
