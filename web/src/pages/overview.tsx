/**
 * The overview: failures first, then what is rolling out now (with live progress, refreshed every 2 s), then the
 * most recent records of any state; last, a backup of the embedded store for admins.
 */
import type { ReactNode } from 'react';
import { EmptyState } from '../components/empty-state.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { RecordTable } from '../components/record-table.tsx';
import { StoreBackupSection } from '../components/store-backup-section.tsx';
import { Link } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

const DAY_MS = 24 * 3600 * 1000;

export function OverviewPage(): ReactNode {
  const failed = useApi((client) => client.records.list({ state: 'failed', limit: 10 }), [], { pollMs: 5000 });
  const running = useApi(async (client) => {
    const [run, queued] = await Promise.all([client.records.list({ state: 'running', limit: 50 }), client.records.list({ state: 'queued', limit: 50 })]);
    return [...run.items, ...queued.items];
  }, [], { pollMs: 2000 });
  const recent = useApi((client) => client.records.list({ limit: 20 }), [], { pollMs: 5000 });
  const recentFailures = (failed.data?.items ?? []).filter((r) => Date.now() - new Date(r.finishedAt ?? r.createdAt).getTime() < DAY_MS);
  return (
    <Page title="Overview">
      {recentFailures.length > 0 && (
        <Section title={`Failed in the last 24 hours (${recentFailures.length})`}>
          <RecordTable records={recentFailures} caption="Failed records" />
        </Section>
      )}
      <ProblemMessage error={failed.error} />
      <Section title="Rolling out now">
        <ProblemMessage error={running.error} />
        {!running.data && !running.error && <Loading what="running records" />}
        {running.data && running.data.length === 0 && <EmptyState title="Nothing is rolling out" />}
        {running.data && running.data.length > 0 && <RecordTable records={running.data} caption="Running and queued records" />}
      </Section>
      <Section title="Recent deploy records" actions={<Link to="/ui/records">All records</Link>}>
        <ProblemMessage error={recent.error} />
        {!recent.data && !recent.error && <Loading what="records" />}
        {recent.data && recent.data.items.length === 0 && (
          <EmptyState title="No deploy records yet">
            <p>Every change Capstan makes is recorded here: trigger calls, image pushes, task runs and rollbacks.
              Start by <Link to="/ui/clusters">adding a cluster</Link>.</p>
          </EmptyState>
        )}
        {recent.data && recent.data.items.length > 0 && <RecordTable records={recent.data.items} caption="Recent records" />}
      </Section>
      <StoreBackupSection />
    </Page>
  );
}
