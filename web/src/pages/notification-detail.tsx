/**
 * One notification channel: its settings, changed in place (the URL is write-only: an empty field keeps it), "Send
 * test", its delivery log, and deleting it. The log refreshes every 1.5 s while something is on its way — a test
 * sent from this page whose message has no final attempt yet, or a message whose newest attempt is `retrying` —
 * and every 15 s otherwise, since record finishes queue messages from outside. Writes (settings, "Send test",
 * delete) need an admin token and are offered to admin tokens only; any other sees the channel and its log.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { NotificationChannel, NotificationDelivery } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { NotificationChannelForm, describeFilter, draftOf, filterOf, type ChannelDraft } from '../components/notification-channel-form.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatDuration, formatTime, isoTime, shortId } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useAction, useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

const FINAL_OUTCOMES: ReadonlySet<string> = new Set(['delivered', 'failed', 'skipped']);

export function NotificationDetailPage({ id }: { id: string }): ReactNode {
  const channel = useApi((client) => client.notifications.get(id), [id]);
  const remove = useAction((client) => client.notifications.delete(id));
  const admin = useCan('admin');
  const c = channel.data;
  return (
    <Page title={c ? `Channel ${c.name}` : 'Notification channel'} actions={c && admin && (
      <ConfirmButton label="Delete channel" title={`Delete channel ${c.name}?`} confirmLabel="Delete" danger
        onConfirm={async () => { if ((await remove.run()).ok) navigate('/ui/notifications'); }}>
        <p>It gets no more messages, the ones still queued for it are dropped, and its delivery log is deleted with it.</p>
      </ConfirmButton>
    )}>
      <ProblemMessage error={channel.error ?? remove.error} />
      {!c && !channel.error && <Loading what="the channel" />}
      {c && <ChannelFacts channel={c} />}
      {c && admin && <SettingsSection channel={c} onSaved={channel.reload} />}
      {c && <DeliveriesSection channelId={id} />}
    </Page>
  );
}

function ChannelFacts({ channel: c }: { channel: NotificationChannel }): ReactNode {
  return (
    <dl className="facts">
      <dt>State</dt><dd><StateBadge state={c.enabled ? 'enabled' : 'disabled'} /></dd>
      <dt>URL</dt><dd><code>{c.urlDisplay}</code> <span className="muted">(its path and query are never shown)</span></dd>
      <dt>Events</dt><dd>{c.events.join(', ')}</dd>
      <dt>Format</dt><dd>{c.format}</dd>
      <dt>Filter</dt><dd>{describeFilter(c.filter)}</dd>
      <dt>Signing secret</dt><dd className="muted">Shown once, when the channel was created. Delete and re-create the channel to get a new one.</dd>
      <dt>Created</dt><dd><time dateTime={isoTime(c.createdAt)}>{formatTime(c.createdAt)}</time></dd>
      <dt>Changed</dt><dd><time dateTime={isoTime(c.updatedAt)}>{formatTime(c.updatedAt)}</time></dd>
    </dl>
  );
}

function SettingsSection({ channel, onSaved }: { channel: NotificationChannel; onSaved: () => void }): ReactNode {
  // Every field is sent (PATCH), the URL only when one was typed, `filter: null` when the filter fields are empty.
  const save = useAction((client, draft: ChannelDraft) => client.notifications.update(channel.id, {
    name: draft.name.trim(), events: draft.events, format: draft.format, enabled: draft.enabled, filter: filterOf(draft),
    ...(draft.url.trim() ? { url: draft.url.trim() } : {}),
  }));
  const [saved, setSaved] = useState(false);
  return (
    <Section title="Settings">
      {/* Keyed by updatedAt: once the saved channel is read back, the form starts again from what the server stored. */}
      <NotificationChannelForm key={channel.updatedAt} mode="edit" initial={draftOf(channel)} currentUrl={channel.urlDisplay}
        submitLabel="Save changes" busy={save.busy} error={save.error} onSubmit={async (draft) => {
          setSaved(false);
          const r = await save.run(draft);
          if (r.ok) {
            setSaved(true);
            onSaved();
          }
          return r.ok;
        }} />
      {saved && <p role="status" className="hint">Changes saved.</p>}
    </Section>
  );
}

/** Message ids whose newest attempt on this page says another attempt follows. */
function retryingMessages(rows: readonly NotificationDelivery[]): Set<string> {
  const newest = new Map<string, NotificationDelivery>();
  for (const d of rows) if (!newest.has(d.messageId)) newest.set(d.messageId, d); // rows are newest first
  return new Set([...newest.values()].filter((d) => d.outcome === 'retrying').map((d) => d.messageId));
}

function DeliveriesSection({ channelId }: { channelId: string }): ReactNode {
  const [queued, setQueued] = useState<string | null>(null);
  const [busyPolling, setBusyPolling] = useState(false);
  const deliveries = usePaged((client, page) => client.notifications.deliveries(channelId, page), [channelId], { pollMs: busyPolling ? 1500 : 15_000 });
  const rows = deliveries.data?.items ?? [];
  const testDone = queued !== null && rows.some((d) => d.messageId === queued && FINAL_OUTCOMES.has(d.outcome));
  const pending = (queued !== null && !testDone) || retryingMessages(rows).size > 0;
  useEffect(() => setBusyPolling(pending), [pending]);
  const test = useAction((client) => client.notifications.test(channelId));
  const admin = useCan('admin');
  const sendTest = async () => {
    const r = await test.run();
    if (r.ok) {
      setQueued(r.value.messageId);
      deliveries.reload();
    }
  };
  return (
    <Section title="Deliveries" actions={admin && <button type="button" disabled={test.busy} onClick={() => { void sendTest(); }}>Send test</button>}>
      <ProblemMessage error={test.error} />
      {queued && (
        <p role="status" className="notice">
          {testDone
            ? <>Test message <code>{queued}</code> is done: see its attempts below.</>
            : <>Test message <code>{queued}</code> queued; its attempts appear below as the worker sends it.</>}
        </p>
      )}
      <ProblemMessage error={deliveries.error} />
      {!deliveries.data && !deliveries.error && <Loading what="deliveries" />}
      {deliveries.data && rows.length === 0 && (
        <EmptyState title="Nothing sent yet">
          <p>Each attempt to deliver a message appears here: when a matching record finishes, or after &quot;Send test&quot;.</p>
        </EmptyState>
      )}
      {rows.length > 0 && (
        <DataTable<NotificationDelivery> caption="Deliveries" rows={rows} rowKey={(d) => d.id}
          rowClassName={(d) => (d.outcome === 'failed' ? 'row-failed' : d.outcome === 'retrying' ? 'row-running' : undefined)} columns={[
            { header: 'At', cell: (d) => <time dateTime={isoTime(d.at)}>{formatTime(d.at)}</time> },
            { header: 'Event', cell: (d) => d.event },
            { header: 'Record', cell: (d) => (d.recordId ? <Link to={`/ui/records/${d.recordId}`}><code>{shortId(d.recordId)}</code></Link> : '—') },
            { header: 'Attempt', cell: (d) => d.attempt },
            { header: 'Outcome', cell: (d) => <StateBadge state={d.outcome} /> },
            { header: 'Status', cell: (d) => d.statusCode ?? '—' },
            { header: 'Took', cell: (d) => (d.durationMs < 1000 ? `${d.durationMs} ms` : formatDuration(d.durationMs)) },
            { header: 'Error', cell: (d) => d.error ?? '' },
            { header: 'Message id', cell: (d) => <code title={d.messageId}>{shortId(d.messageId)}</code> },
          ]} />
      )}
      <Pager label="Deliveries" pageNumber={deliveries.pageNumber} hasNext={deliveries.hasNext} hasPrevious={deliveries.hasPrevious} onNext={deliveries.next} onPrevious={deliveries.previous} />
    </Section>
  );
}
