/**
 * The image-trigger log (Tencent ListTriggerLog): every firing, newest first, filtered by repository, trigger,
 * status and time range, sorted by the server in ListTriggerLog's orderings (firing time, trigger name, repository;
 * the column buttons), with page size and cursor paging. Filters and sort live in the address, so a view can be
 * shared; changing either starts again at the first page (a cursor pages only its own ordering).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { TRIGGER_LOG_ORDER_BY, TRIGGER_LOG_STATUSES, type TriggerLogOrderBy, type TriggerLogStatus } from '../../../client/index.ts';
import { nextSort, type SortState } from '../components/data-table.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading, Page } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { TriggerLogTable } from '../components/trigger-log-table.tsx';
import { setSearchParams, useSearchParams } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';
import { usePaged } from '../lib/use-paged.ts';

/** datetime-local value (browser time) → RFC 3339, or undefined. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function TriggerLogsPage(): ReactNode {
  const search = useSearchParams();
  const applied = {
    repository: search.get('repository') ?? '', triggerId: search.get('trigger') ?? '', status: search.get('status') ?? '',
    from: search.get('from') ?? '', to: search.get('to') ?? '', size: search.get('size') ?? '25',
  };
  const [draft, setDraft] = useState(applied);
  const triggers = useApi((client) => client.imageTriggers.list({ limit: 200 }), []);
  const orderBy = (TRIGGER_LOG_ORDER_BY as readonly string[]).includes(search.get('orderBy') ?? '') ? search.get('orderBy') as TriggerLogOrderBy : 'invokeTime';
  const sort: SortState = { key: orderBy, direction: search.get('order') === 'asc' ? 'asc' : 'desc' };
  const from = toIso(applied.from);
  const to = toIso(applied.to);
  const list = usePaged((client, page) => client.imageTriggers.logs({
    ...page, order: sort.direction, orderBy,
    ...(applied.repository ? { repository: applied.repository } : {}), ...(applied.triggerId ? { triggerId: applied.triggerId } : {}),
    ...(applied.status ? { status: applied.status as TriggerLogStatus } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}),
  }), [applied.repository, applied.triggerId, applied.status, from, to, applied.size, sort.direction, orderBy], { pageSize: Number(applied.size) || 25, pollMs: 10_000 });
  const ordering = { order: search.get('order') ?? '', orderBy: search.get('orderBy') ?? '' };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearchParams({ repository: draft.repository.trim(), trigger: draft.triggerId, status: draft.status, from: draft.from, to: draft.to, size: draft.size, ...ordering });
  };
  const sortBy = (key: string) => {
    const next = nextSort(sort, key);
    setSearchParams({
      repository: applied.repository, trigger: applied.triggerId, status: applied.status, from: applied.from, to: applied.to, size: applied.size,
      order: next.direction, orderBy: next.key,
    });
  };
  const set = (key: keyof typeof draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  return (
    <Page title="Trigger log">
      <form className="form-grid" role="search" aria-label="Filter the trigger log" onSubmit={submit}>
        <TextField label="Repository" value={draft.repository} onChange={set('repository')} placeholder="team/web" />
        <SelectField label="Trigger" value={draft.triggerId} onChange={set('triggerId')}
          options={[{ value: '', label: 'any' }, ...(triggers.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))]} />
        <SelectField label="Status" value={draft.status} onChange={set('status')} options={[{ value: '', label: 'any' }, ...TRIGGER_LOG_STATUSES]} />
        <div className="field">
          <label htmlFor="log-from">Fired from</label>
          <input id="log-from" type="datetime-local" value={draft.from} onChange={(e) => set('from')(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="log-to">Fired until</label>
          <input id="log-to" type="datetime-local" value={draft.to} onChange={(e) => set('to')(e.target.value)} />
        </div>
        <SelectField label="Per page" value={draft.size} onChange={set('size')} options={['10', '25', '50', '100', '200']} />
        <div className="actions">
          <button type="submit" className="primary">Apply filters</button>
          <button type="button" onClick={() => { setDraft({ repository: '', triggerId: '', status: '', from: '', to: '', size: '25' }); setSearchParams({}); }}>Clear</button>
        </div>
      </form>
      <ProblemMessage error={list.error ?? triggers.error} />
      {!list.data && !list.error && <Loading what="the trigger log" />}
      {list.data && list.data.items.length === 0 && (
        <EmptyState title="No firings match"><p>A firing is logged whenever a push matches an image trigger's condition.</p></EmptyState>
      )}
      {list.data && list.data.items.length > 0 && (
        <TriggerLogTable logs={list.data.items} sort={sort} onSort={sortBy} />
      )}
      <Pager label="Trigger log" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}
