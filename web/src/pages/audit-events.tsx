/**
 * The audit log (GET /api/v1/audit-events): every call that asked for a change, whatever its outcome, newest first,
 * filtered by outcome, action, actor (token id) and a time window, with cursor paging. Filters live in the address,
 * so a filtered view can be shared or reloaded; changing them starts again at the first page.
 *
 * The API is admin only: the navigation offers the page to admin tokens only. Opened by its address with another
 * token, it says that it needs an admin token and shows the server's 403.
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { AUDIT_OUTCOMES, type AuditEvent, type AuditOutcome } from '../../../client/index.ts';
import { DataTable } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading, Page } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { StateBadge } from '../components/state-badge.tsx';
import { auditTargetPath } from '../lib/audit-target.ts';
import { formatTime, isoTime } from '../lib/format.ts';
import { Link, setSearchParams, useSearchParams } from '../lib/router.tsx';
import { usePaged } from '../lib/use-paged.ts';

const HOUR_MS = 3600 * 1000;

/** The time windows offered, by their value in the address (`since=24h`). */
const SINCE_PRESETS: readonly { value: string; label: string; ms: number }[] = [
  { value: '1h', label: 'Last hour', ms: HOUR_MS },
  { value: '24h', label: 'Last 24 hours', ms: 24 * HOUR_MS },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * HOUR_MS },
  { value: '30d', label: 'Last 30 days', ms: 30 * 24 * HOUR_MS },
];

interface Filters {
  readonly outcome: AuditOutcome | '';
  readonly action: string;
  readonly actor: string;
  readonly since: string;
}

const NO_FILTERS: Filters = { outcome: '', action: '', actor: '', since: '' };

/** The filters in the address; unknown outcome or window values are ignored rather than sent to the server. */
function filtersOf(search: URLSearchParams): Filters {
  const outcome = search.get('outcome') ?? '';
  const since = search.get('since') ?? '';
  return {
    outcome: (AUDIT_OUTCOMES as readonly string[]).includes(outcome) ? outcome as AuditOutcome : '',
    action: search.get('action') ?? '',
    actor: search.get('actor') ?? '',
    since: SINCE_PRESETS.some((p) => p.value === since) ? since : '',
  };
}

/** The address of this page with `filters` (empty ones left out). */
function auditHref(filters: Filters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== '') params.set(key, value);
  const query = params.toString();
  return `/ui/audit${query ? `?${query}` : ''}`;
}

export function AuditEventsPage(): ReactNode {
  const search = useSearchParams();
  const applied = filtersOf(search);
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  // The form follows the address when it changes from outside (an actor link, Back, a shared link).
  useEffect(() => { setDraft(JSON.parse(appliedKey) as Filters); }, [appliedKey]);
  // A window is measured from when it was chosen (or the page loaded), so every page of it covers the same span.
  const sinceIso = useMemo(() => {
    const preset = SINCE_PRESETS.find((p) => p.value === applied.since);
    return preset ? new Date(Date.now() - preset.ms).toISOString() : undefined;
  }, [applied.since]);
  const list = usePaged((client, page) => client.auditEvents.list({
    ...page,
    ...(applied.outcome ? { outcome: applied.outcome } : {}), ...(applied.action ? { action: applied.action } : {}),
    ...(applied.actor ? { actor: applied.actor } : {}), ...(sinceIso ? { since: sinceIso } : {}),
  }), [applied.outcome, applied.action, applied.actor, sinceIso], { pageSize: 50, pollMs: 10_000 });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearchParams({ ...draft, action: draft.action.trim(), actor: draft.actor.trim() });
  };
  const set = (key: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  return (
    <Page title="Audit log">
      <p>Every call that asked for a change through the API or a vendor surface — allowed or refused, done or
        failed: who made it, what it asked for, on what, and how it ended. Reads are not recorded, nor trigger URL
        calls and registry deliveries (deploy records and the trigger log have those).</p>
      <p className="hint">Needs an admin token; the server refuses any other and says why.</p>
      <form className="form-grid" role="search" aria-label="Filter the audit log" onSubmit={submit}>
        <SelectField label="Outcome" value={draft.outcome} onChange={set('outcome')} options={[{ value: '', label: 'any' }, ...AUDIT_OUTCOMES]} />
        <TextField label="Action" value={draft.action} onChange={set('action')} placeholder="POST /api/v1/tokens" hint="The exact action, as in the table." />
        <TextField label="Actor" value={draft.actor} onChange={set('actor')} placeholder="token id"
          hint="A token id: its calls, direct or signed with its access keys." />
        <SelectField label="Since" value={draft.since} onChange={set('since')}
          options={[{ value: '', label: 'All time' }, ...SINCE_PRESETS.map(({ value, label }) => ({ value, label }))]} />
        <div className="actions">
          <button type="submit" className="primary">Apply filters</button>
          <button type="button" onClick={() => { setDraft(NO_FILTERS); setSearchParams({}); }}>Clear</button>
        </div>
      </form>
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="the audit log" />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title="No audit entries match"><p>An entry is written for every create, change, delete, start, stop or
          rollback asked of Capstan, including the refused ones.</p></EmptyState>
      )}
      {list.data && list.data.items.length > 0 && <AuditTable events={list.data.items} filters={applied} />}
      <Pager label="Audit log" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}

function AuditTable({ events, filters }: { events: readonly AuditEvent[]; filters: Filters }): ReactNode {
  return (
    <DataTable<AuditEvent> caption="Audit log" rows={events} rowKey={(e) => e.id}
      rowClassName={(e) => (e.outcome === 'succeeded' ? undefined : 'row-failed')} columns={[
        { header: 'Time', cell: (e) => <time dateTime={isoTime(e.at)}>{formatTime(e.at)}</time> },
        { header: 'Actor', cell: (e) => <AuditActorCell event={e} filters={filters} /> },
        { header: 'Action', cell: (e) => <code>{e.action}</code> },
        { header: 'Target', cell: (e) => {
          if (e.target === null) return <span className="muted">—</span>;
          const to = auditTargetPath(e);
          return to === null ? <code>{e.target}</code> : <Link to={to}><code>{e.target}</code></Link>;
        } },
        { header: 'Status', cell: (e) => <>{e.status}{e.errorCode && <> <code className="muted">{e.errorCode}</code></>}</> },
        { header: 'Outcome', cell: (e) => <StateBadge state={e.outcome} /> },
        { header: 'Request id', cell: (e) => <code title={e.sourceIp ? `from ${e.sourceIp}` : undefined}>{e.requestId}</code> },
      ]} />
  );
}

/** The token's name (a link to the log filtered to it) and how it signed the call; no actor when credentials were missing or bad. */
function AuditActorCell({ event, filters }: { event: AuditEvent; filters: Filters }): ReactNode {
  const actor = event.actor;
  if (actor === null) return <span className="muted">no valid credentials</span>;
  return (
    <>
      <Link to={auditHref({ ...filters, actor: actor.tokenId })} title={`Token ${actor.tokenId}: show only its calls`}>{actor.tokenName}</Link>{' '}
      <span className="muted">{actor.kind === 'access-key' ? `access key ${actor.accessKeyId ?? ''}` : 'token'}</span>
    </>
  );
}
