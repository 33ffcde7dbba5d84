/** Every deploy record, newest first, filtered by state and type. */
import type { ReactNode } from 'react';
import { RECORD_STATES, type RecordState, type RecordType } from '../../../client/index.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { SelectField } from '../components/fields.tsx';
import { Loading, Page } from '../components/page.tsx';
import { Pager } from '../components/pager.tsx';
import { ProblemMessage } from '../components/problem-message.tsx';
import { RecordTable } from '../components/record-table.tsx';
import { setSearchParams, useSearchParams } from '../lib/router.tsx';
import { usePaged } from '../lib/use-paged.ts';

export function RecordsPage(): ReactNode {
  const search = useSearchParams();
  const state = (search.get('state') ?? '') as RecordState | '';
  const type = (search.get('type') ?? '') as RecordType | '';
  const list = usePaged((client, page) => client.records.list({ ...page, ...(state ? { state } : {}), ...(type ? { type } : {}) }), [state, type], { pollMs: 5000 });
  return (
    <Page title="Deploy records">
      <form className="form-grid" role="search" aria-label="Filter records" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="State" value={state} onChange={(v) => setSearchParams({ state: v, type })}
          options={[{ value: '', label: 'any' }, ...RECORD_STATES]} />
        <SelectField label="Type" value={type} onChange={(v) => setSearchParams({ state, type: v })}
          options={[{ value: '', label: 'any' }, 'deploy', 'trigger', 'rollback']} />
      </form>
      <ProblemMessage error={list.error} />
      {!list.data && !list.error && <Loading what="records" />}
      {list.data && list.data.items.length === 0 && <EmptyState title="No records match" />}
      {list.data && list.data.items.length > 0 && <RecordTable records={list.data.items} caption="Deploy records" />}
      <Pager label="Records" pageNumber={list.pageNumber} hasNext={list.hasNext} hasPrevious={list.hasPrevious} onNext={list.next} onPrevious={list.previous} />
    </Page>
  );
}
