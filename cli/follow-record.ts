/**
 * `--wait`: polls a deploy record until it is final, drawing its progress on stderr (redrawn in place on a
 * terminal, one line per change otherwise, so CI logs stay readable), then says how it ended. The record goes
 * to stdout through the printer; the exit code is 0 when it succeeded and 4 (ExitCode.deployFailed) when it
 * failed or was stopped. Every record has a server-side deadline, so the wait ends.
 */
import { FINAL_RECORD_STATES, type CapstanClient, type DeployRecord } from '../client/index.ts';
import { ExitCode } from './cli-errors.ts';
import { flagOption, type CommandContext } from './command.ts';
import type { Column } from './output.ts';
import { clean } from './output.ts';
import { progressLine } from './progress-bar.ts';

export const WAIT_OPTION = { type: 'boolean', description: 'Wait until the deploy record finishes, showing its progress on stderr; exit 4 if it fails' } as const;

export const RECORD_FIELDS: readonly Column<DeployRecord>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'state', value: (r) => r.state },
  { header: 'type', value: (r) => r.type },
  { header: 'action', value: (r) => r.hookAction },
  { header: 'job name', value: (r) => r.jobName },
  { header: 'task', value: (r) => (r.taskId ? `${r.taskId}${r.releaseId !== null ? ` #${r.releaseId}` : ''}` : null) },
  { header: 'trigger', value: (r) => r.triggerId },
  { header: 'rollback of', value: (r) => r.rollbackOfRecordId },
  { header: 'created', value: (r) => r.createdAt },
  { header: 'started', value: (r) => r.startedAt },
  { header: 'finished', value: (r) => r.finishedAt },
  { header: 'error', value: (r) => r.error },
];

export async function followRecord(ctx: CommandContext, client: CapstanClient, recordId: string): Promise<DeployRecord> {
  const pollMs = Math.max(100, Number(ctx.io.env.CAPSTAN_WAIT_POLL_MS) || 1000);
  const tty = ctx.io.stderrIsTTY === true;
  let last = '';
  for (;;) {
    const record = await client.records.get(recordId);
    const line = progressLine(record, tty ? Number(ctx.io.env.COLUMNS) || 100 : 200);
    if (tty) ctx.io.stderr(`\r\x1b[2K${line}`);
    else if (line !== last) ctx.io.stderr(`${line}\n`);
    last = line;
    if (FINAL_RECORD_STATES.has(record.state)) {
      if (tty) ctx.io.stderr('\n');
      return record;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Waits, prints the final record, and turns its state into the exit code. */
export async function waitAndReport(ctx: CommandContext, client: CapstanClient, recordId: string): Promise<number> {
  const record = await followRecord(ctx, client, recordId);
  ctx.print.object(record, RECORD_FIELDS);
  for (const warning of new Set(record.steps.flatMap((s) => s.workloads.flatMap((w) => (w.warning ? [`${w.kind} ${w.namespace}/${w.name}: ${w.warning}`] : []))))) {
    ctx.io.stderr(`warning: ${clean(warning)}\n`);
  }
  if (record.state === 'succeeded') {
    ctx.io.stderr(`Deploy record ${record.id} succeeded.\n`);
    return ExitCode.ok;
  }
  ctx.io.stderr(`error: deploy record ${record.id} ${record.state}${record.error ? `: ${clean(record.error)}` : ''}\n`);
  return ExitCode.deployFailed;
}

/** A record just started: printed as it is, or with --wait announced on stderr and followed to the end. */
export async function printOrFollow(ctx: CommandContext, client: CapstanClient, record: DeployRecord, announcement: string): Promise<number | undefined> {
  if (!flagOption(ctx, 'wait')) {
    ctx.print.object(record, RECORD_FIELDS);
    return undefined;
  }
  ctx.io.stderr(`${announcement}\n`);
  return waitAndReport(ctx, client, record.id);
}
