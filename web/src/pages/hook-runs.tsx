/**
 * The hook runs of a record (execution hooks around its action), in the order they ran: which hook, in which
 * container, how it ended, how long it took, and the tails of its output. "No container matched" is a run too.
 */
import type { ReactNode } from 'react';
import type { HookRun } from '../../../client/index.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { Section } from '../components/page.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { formatDuration } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

export function HookRunsSection({ recordId, live }: { recordId: string; live: boolean }): ReactNode {
  // `live` in the deps: when the record finishes, one last load picks up the post hooks.
  const runs = useApi((client) => client.hooks.runsOfRecord(recordId, { limit: 200 }), [recordId, live], { pollMs: live ? 2000 : null });
  return (
    <Section title="Hook runs">
      <ProblemMessage error={runs.error} />
      {runs.data && runs.data.items.length === 0 && (
        <EmptyState title="No hooks ran">
          <p>Execution hooks of the affected applications for this action run here, before and after it. <Link to="/ui/hooks">Manage hooks</Link>.</p>
        </EmptyState>
      )}
      {runs.data && runs.data.items.length > 0 && (
        <ol className="steps">{runs.data.items.map((run) => <HookRunItem key={run.id} run={run} />)}</ol>
      )}
    </Section>
  );
}

function HookRunItem({ run }: { run: HookRun }): ReactNode {
  const where = run.containerName ? `${run.namespace}/${run.podName}/${run.containerName}` : 'no container matched';
  const output = [run.stdoutTail, run.stderrTail].some((t) => t !== '');
  return (
    <li className="step">
      <div className="step-head">
        <strong>{run.stage} {run.action}: <Link to={`/ui/hooks/${run.executionHookId}`}>{run.hookName}</Link></strong>
        <code className="muted">{where}</code>
        <StateBadge state={run.state} />
        <span className="time">exit {run.returnCode}, {formatDuration(run.durationMs)}{run.failureMode === 'hard' ? ', hard failure mode' : ''}</span>
      </div>
      {run.message && <p className="muted">{run.message}</p>}
      {output && (
        <details>
          <summary>Output of {run.hookName} in {where}</summary>
          {run.stdoutTail && <><h3>stdout (last lines)</h3><pre className="output">{run.stdoutTail}</pre></>}
          {run.stderrTail && <><h3>stderr (last lines)</h3><pre className="output">{run.stderrTail}</pre></>}
        </details>
      )}
    </li>
  );
}
