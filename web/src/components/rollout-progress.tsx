/**
 * Progress of a record or trigger invocation: a native <progress> (announced by screen readers) with the running
 * step's name and rollout message beside it. Finished records show their state instead.
 */
import type { ReactNode } from 'react';
import { FINAL_RECORD_STATES, recordProgress, type ProgressSource } from '../../../client/index.ts';

interface Source extends ProgressSource {
  readonly steps: readonly (ProgressSource['steps'][number] & { readonly name: string; readonly message: string | null })[];
}

export function RolloutProgress({ record, label }: { record: Source; label: string }): ReactNode {
  if (FINAL_RECORD_STATES.has(record.state)) return null;
  const share = recordProgress(record);
  const running = record.steps.find((s) => s.state === 'running');
  const index = running ? record.steps.indexOf(running) + 1 : 0;
  const percent = Math.round(share * 100);
  const message = running?.message ?? running?.workloads.map((w) => (w as { message?: string | null }).message).find((m) => m) ?? null;
  return (
    <div className="progress">
      <progress max={100} value={percent} aria-label={label}>{percent}%</progress>
      <span className="label">
        {record.state === 'queued' ? 'queued' : running ? `step ${index}/${record.steps.length}: ${running.name}` : `${percent}%`}
        {message ? ` — ${message}` : ''}
      </span>
    </div>
  );
}
