/**
 * Where image pushes come from: webhook receivers (a registry posts each push to the receiver's URL), watched
 * repositories (Capstan polls the registry), and the pushes accepted from both, newest first. Every accepted
 * push is matched against the image triggers.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { SENDER_TYPES, type RegistryEvent, type RegistryReceiver, type WatchedRepository } from '../../../client/index.ts';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { CopyOnce } from '../components/copy-once.tsx';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading, Page, Section } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { useCan } from '../lib/api-context.tsx';
import { formatTime } from '../lib/format.ts';
import { Link, setSearchParams, useSearchParams } from '../lib/router.tsx';
import { useAction } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

export function RegistriesPage(): ReactNode {
  // Every registry-receiver route needs write, listing included (the URL may be the credential): without it the
  // section would only show the server's 403.
  const canWrite = useCan('write');
  return (
    <Page title="Registries">
      {canWrite && <ReceiversSection />}
      <WatchedSection />
      <PushesSection />
    </Page>
  );
}

function ReceiversSection(): ReactNode {
  const list = usePaged((client, page) => client.registry.listReceivers(page), []);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<RegistryReceiver | null>(null);
  const remove = useAction((client, id: string) => client.registry.deleteReceiver(id));
  return (
    <Section title="Webhook receivers" actions={<button type="button" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Add receiver</button>}>
      {created && (
        <div className="notice">
          <CopyOnce label={`Receiver URL of ${created.name}`} value={created.url}
            note={created.hasSecret ? 'Point the registry\'s webhook at this URL and give it the secret you chose.' : 'This sender cannot send a secret: the URL itself is the credential, keep it private.'} />
          <button type="button" onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      {adding && <CreateReceiverForm onCancel={() => setAdding(false)} onCreated={(r) => { setCreated(r); setAdding(false); list.reload(); }} />}
      <ProblemMessage error={list.error ?? remove.error} />
      {!list.data && !list.error && <Loading what="receivers" />}
      {list.data?.items.length === 0 && <EmptyState title="No receivers"><p>Add one and point your registry's webhook at its URL.</p></EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <DataTable<RegistryReceiver> caption="Webhook receivers" rows={list.data.items} rowKey={(r) => r.id} columns={[
          { header: 'Name', cell: (r) => r.name },
          { header: 'Sender', cell: (r) => r.sender },
          { header: 'Authenticated by', cell: (r) => r.auth },
          { header: 'URL', cell: (r) => (r.hasSecret ? <code>{r.url}</code> : <span className="muted">(the credential; shown once)</span>) },
          { header: 'Added', cell: (r) => formatTime(r.createdAt) },
          { header: '', cell: (r) => (
            <ConfirmButton label="Delete" title={`Delete receiver ${r.name}?`} confirmLabel="Delete" danger
              onConfirm={async () => { if ((await remove.run(r.id)).ok) list.reload(); }}>
              <p>Deliveries to its URL are refused from now on; pushes already received stay.</p>
            </ConfirmButton>
          ) },
        ]} />
      )}
      <Pager label="Receivers" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Section>
  );
}

function CreateReceiverForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: (r: RegistryReceiver) => void }): ReactNode {
  const [name, setName] = useState('');
  const [sender, setSender] = useState<string>('distribution');
  const [secret, setSecret] = useState('');
  const [host, setHost] = useState('');
  const create = useAction((client) => client.registry.createReceiver({
    name: name.trim(), sender, ...(secret ? { secret } : {}), ...(host.trim() ? { registryHost: host.trim() } : {}),
  }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await create.run();
    if (r.ok) onCreated(r.value);
  };
  return (
    <form className="form" onSubmit={(e) => { void submit(e); }}>
      <TextField label="Receiver name" value={name} onChange={setName} required />
      <SelectField label="Sender" value={sender} onChange={setSender} options={SENDER_TYPES} hint="The registry that posts to this receiver; its payload format and signature rules." />
      <TextField label="Secret" type="password" value={secret} onChange={setSecret}
        hint="HMAC key or header value the registry sends, by the sender's rules. Leave empty for senders that cannot send one (the URL is then the credential)." />
      <TextField label="Registry host" value={host} onChange={setHost} hint="Optional: host[:port] as your image references name it, when the payload does not say." />
      <ProblemMessage error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.busy}>Add receiver</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function WatchedSection(): ReactNode {
  const list = usePaged((client, page) => client.registry.listWatched(page), [], { pollMs: 15_000 });
  const [adding, setAdding] = useState(false);
  const remove = useAction((client, id: string) => client.registry.deleteWatched(id));
  // Watching and stopping are POST/DELETE /api/v1/watched-repositories (write); listing only reads.
  const canWrite = useCan('write');
  return (
    <Section title="Watched repositories" actions={canWrite && <button type="button" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>Watch repository</button>}>
      {canWrite && adding && <WatchForm onCancel={() => setAdding(false)} onCreated={() => { setAdding(false); list.reload(); }} />}
      <ProblemMessage error={list.error ?? remove.error} />
      {list.data?.items.length === 0 && <EmptyState title="No watched repositories"><p>For registries that cannot send webhooks, Capstan polls their tags.</p></EmptyState>}
      {list.data && list.data.items.length > 0 && (
        <DataTable<WatchedRepository> caption="Watched repositories" rows={list.data.items} rowKey={(w) => w.id} columns={[
          { header: 'Name', cell: (w) => w.name },
          { header: 'Repository', cell: (w) => <code>{w.registryHost}/{w.repository}</code> },
          { header: 'Tags', cell: (w) => (w.tagPattern ? <code>{w.tagPattern}</code> : 'all') },
          { header: 'Every', cell: (w) => `${w.intervalSeconds} s` },
          { header: 'Last poll', cell: (w) => (
            <>{w.enabled ? '' : <StateBadge state="disabled" />} {formatTime(w.lastPolledAt)} {w.lastError && <StateBadge state="error" />} {w.lastError}</>
          ) },
          { header: '', cell: (w) => canWrite && (
            <ConfirmButton label="Stop watching" title={`Stop watching ${w.repository}?`} confirmLabel="Stop watching" danger
              onConfirm={async () => { if ((await remove.run(w.id)).ok) list.reload(); }}>
              <p>Capstan stops polling it; pushes already seen stay.</p>
            </ConfirmButton>
          ) },
        ]} />
      )}
    </Section>
  );
}

function WatchForm({ onCancel, onCreated }: { onCancel: () => void; onCreated: () => void }): ReactNode {
  const [name, setName] = useState('');
  const [registryUrl, setRegistryUrl] = useState('');
  const [repository, setRepository] = useState('');
  const [tagPattern, setTagPattern] = useState('');
  const [interval, setPollEvery] = useState('300');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const create = useAction((client) => client.registry.watchRepository({
    name: name.trim(), registryUrl: registryUrl.trim(), repository: repository.trim(),
    ...(tagPattern ? { tagPattern } : {}), ...(interval ? { intervalSeconds: Number(interval) } : {}),
    ...(username ? { credentials: { username, password } } : {}),
  }));
  return (
    <form className="form" onSubmit={(e) => { e.preventDefault(); void create.run().then((r) => { if (r.ok) onCreated(); }); }}>
      <TextField label="Watch name" value={name} onChange={setName} required />
      <TextField label="Registry URL" value={registryUrl} onChange={setRegistryUrl} required placeholder="https://registry-1.docker.io" />
      <TextField label="Repository path" value={repository} onChange={setRepository} required placeholder="library/nginx" />
      <TextField label="Tag pattern" value={tagPattern} onChange={setTagPattern} hint="Optional RE2 expression; only matching tags are tracked." />
      <TextField label="Poll every (seconds)" type="number" value={interval} onChange={setPollEvery} />
      <TextField label="Registry username" value={username} onChange={setUsername} hint="Optional." />
      <TextField label="Registry password or token" type="password" value={password} onChange={setPassword} hint="Stored encrypted, never shown again." />
      <ProblemMessage error={create.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.busy}>Watch repository</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function PushesSection(): ReactNode {
  const search = useSearchParams();
  const repository = search.get('repository') ?? '';
  const [filter, setFilter] = useState(repository);
  const list = usePaged((client, page) => client.registry.listEvents({ ...page, ...(repository ? { repository } : {}) }), [repository], { pollMs: 10_000 });
  return (
    <Section title="Accepted pushes">
      <form className="form-grid" role="search" aria-label="Filter pushes" onSubmit={(e) => { e.preventDefault(); setSearchParams({ repository: filter.trim() }); }}>
        <TextField label="Repository" value={filter} onChange={setFilter} placeholder="team/app" />
        <div className="actions"><button type="submit">Filter</button></div>
      </form>
      <ProblemMessage error={list.error} />
      {list.data?.items.length === 0 && <EmptyState title="No pushes received yet" />}
      {list.data && list.data.items.length > 0 && (
        <DataTable<RegistryEvent> caption="Accepted pushes" rows={list.data.items} rowKey={(e) => e.id} columns={[
          { header: 'Received', cell: (e) => formatTime(e.receivedAt) },
          { header: 'Image', cell: (e) => <code>{e.registryHost ? `${e.registryHost}/` : ''}{e.repository}{e.tag ? `:${e.tag}` : ''}</code> },
          { header: 'Digest', cell: (e) => (e.digest ? <code title={e.digest}>{e.digest.slice(0, 19)}…</code> : '—') },
          { header: 'Via', cell: (e) => `${e.source} (${e.sender})` },
          { header: 'Actor', cell: (e) => e.actor ?? '—' },
          {
            // Matched triggers a rollback quarantine kept this push from firing (the trigger log lists firings only).
            header: 'Held back', cell: (e) => (e.heldBack.length === 0 ? '—' : (
              <ul className="plain">{e.heldBack.map((h) => <li key={h.triggerId}><Link to={`/ui/image-triggers/${h.triggerId}`}>quarantined</Link>: <span>{h.message}</span></li>)}</ul>
            )),
          },
        ]} />
      )}
      <Pager label="Pushes" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Section>
  );
}
