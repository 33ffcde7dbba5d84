/**
 * The one-line progress of a deploy record for `--wait`: a bar, the percentage, the state, the running step and
 * its rollout message. Pure, so it is tested apart from the terminal.
 */
import { recordProgress, type DeployRecord } from '../client/index.ts';
import { clean } from './output.ts';

const BAR_WIDTH = 24;

export function progressLine(record: DeployRecord, columns = 100): string {
  // A record that failed or stopped has no meaningful share done; its state (and error, printed after) say it all.
  if (record.state === 'failed' || record.state === 'stopped') return record.state;
  const share = recordProgress(record);
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
  const percent = `${Math.round(share * 100)}%`.padStart(4);
  const running = record.steps.find((s) => s.state === 'running');
  const where = running
    ? `step ${running.index + 1}/${record.steps.length} ${running.name}`
    : record.state === 'queued' ? 'waiting for a worker' : '';
  const message = running ? (running.message ?? running.workloads.find((w) => w.message)?.message ?? '') : '';
  const text = clean([bar, percent, record.state, where, message ? `- ${message}` : ''].filter(Boolean).join(' '));
  return text.length > columns ? `${text.slice(0, Math.max(0, columns - 1))}…` : text;
}
