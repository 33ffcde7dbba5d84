import type { ReactNode } from 'react';

const TONES: Readonly<Record<string, string>> = {
  succeeded: 'ok', delivered: 'ok', granted: 'ok', available: 'ok', enabled: 'ok', success: 'ok', ok: 'ok', reachable: 'ok', completed: 'ok', matched: 'ok', fired: 'ok', fires: 'ok',
  failed: 'bad', denied: 'bad', missing: 'bad', failure: 'bad', error: 'bad', unreachable: 'bad', timeout: 'bad',
  running: 'busy', queued: 'wait', pending: 'wait', stopping: 'wait', retrying: 'wait',
  stopped: 'muted', draft: 'wait', timedOut: 'bad', skipped: 'muted', cancelled: 'muted', 'no-match': 'muted', 'no match': 'muted', disabled: 'muted',
};

/** A record, step, hook-run or reachability state as a coloured label (the text carries the meaning, not the colour). */
export function StateBadge({ state }: { state: string }): ReactNode {
  return <span className={`badge badge-${TONES[state] ?? 'muted'}`}>{state}</span>;
}
