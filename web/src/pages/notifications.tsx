/**
 * Notification channels: the list, and creating one. The signing secret exists outside the store only in the
 * create answer, so it is shown here once, with a copy button, until the operator dismisses it or leaves the page.
 * Creating needs an admin token, so only an admin token is offered the button; any other sees the list read-only.
 */
import { useState, type ReactNode } from 'react';
import type { CreatedNotificationChannel, NotificationChannel } from '../../../client/index.ts';
import { CopyOnce } from '../components/copy-once.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { NEW_CHANNEL, NotificationChannelForm, describeFilter, filterOf, type ChannelDraft } from '../components/notification-channel-form.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { useAction } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function NotificationsPage(): ReactNode {
  const list = usePaged((client, page) => client.notifications.list(page), []);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedNotificationChannel | null>(null);
  const admin = useCan('admin');
  return (
    <Page title="Notification channels" actions={admin && <button type="button" className="primary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Create channel</button>}>
      {created && <CreatedChannelNotice channel={created} onDismiss={() => setCreated(null)} />}
      {adding && <CreateChannelForm onCancel={() => setAdding(false)} onCreated={(c) => { setCreated(c); setAdding(false); list.reload(); }} />}
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="notification channels" />}
      {list.data && list.data.items.length === 0 && !created && (
        <EmptyState title="No notification channels yet">
          <p>A channel is an HTTP endpoint — a receiver of your own or a Slack incoming webhook — that gets a signed message
            whenever a deploy record finishes, so nobody has to poll. Creating one needs an admin token.</p>
        </EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <DataTable<NotificationChannel> caption="Notification channels" rows={list.data.items} rowKey={(c) => c.id} columns={[
          { header: 'Name', cell: (c) => <Link to={`/ui/notifications/${encodeURIComponent(c.id)}`}>{c.name}</Link> },
          { header: 'URL', cell: (c) => <code>{c.urlDisplay}</code> },
          { header: 'Events', cell: (c) => c.events.join(', ') },
          { header: 'Format', cell: (c) => c.format },
          { header: 'Filter', cell: (c) => describeFilter(c.filter) },
          { header: 'State', cell: (c) => <StateBadge state={c.enabled ? 'enabled' : 'disabled'} /> },
          { header: 'Created', cell: (c) => formatTime(c.createdAt) },
        ]} />
      )}
      <Pager label="Notification channels" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}

function CreatedChannelNotice({ channel, onDismiss }: { channel: CreatedNotificationChannel; onDismiss: () => void }): ReactNode {
  return (
    <Section title={`Channel ${channel.name} created`} actions={<button type="button" onClick={onDismiss}>Done</button>}>
      <CopyOnce label="Signing secret" value={channel.secret}
        note="It is shown only once: store it in the receiver now. Delete the channel and create it again to get a new one." />
      <p>Every message carries <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code>{' '}
        headers; the receiver verifies the signature, an HMAC-SHA256 with this secret over{' '}
        <code>{'{webhook-id}.{webhook-timestamp}.{body}'}</code>, before it trusts the message (Standard Webhooks; the
        README, &quot;Notifications&quot;, has a receiver in Node, and the <a href="/docs#/notifications">API reference</a> the
        details). <Link to={`/ui/notifications/${encodeURIComponent(channel.id)}`}>Open the channel</Link> to send a test.</p>
    </Section>
  );
}

function CreateChannelForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (c: CreatedNotificationChannel) => void }): ReactNode {
  const create = useAction((client, draft: ChannelDraft) => {
    const filter = filterOf(draft);
    return client.notifications.create({
      name: draft.name.trim(), url: draft.url.trim(), events: draft.events, format: draft.format, enabled: draft.enabled,
      ...(filter ? { filter } : {}),
    });
  });
  return (
    <Section title="Create a channel">
      <NotificationChannelForm mode="create" initial={NEW_CHANNEL} submitLabel="Create channel" busy={create.busy} error={create.error}
        onCancel={onCancel} onSubmit={async (draft) => {
          const r = await create.run(draft);
          if (r.ok) onCreated(r.value);
          return r.ok;
        }} />
    </Section>
  );
}
