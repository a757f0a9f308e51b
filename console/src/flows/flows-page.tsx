import { useState } from 'react';
import { $api, type Schemas } from '../api';
import { Pager } from '../components/controls';
import { ErrorBanner } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { viewerZone } from '../format';
import { navigate, setQuery, useLocation } from '../router';
import { Choice } from '../components/choice';
import { BulkBar, emptySelection, type Selection } from './flow-bulk';
import { type FlowSort, FlowsTable } from './flows-table';
import { SummaryCards } from './summary-cards';

const PAGE_SIZES = [10, 25, 50, 100];
const SORTS: FlowSort[] = ['name', 'next_run', 'last_run', 'last_result'];

/** The flows list's query from the URL: filters, order, page. */
export function flowListQuery(query: URLSearchParams) {
  const filters: Schemas['FlowFilters'] = {
    search: query.get('search') || undefined,
    flow_type: (query.get('flow_type') || undefined) as Schemas['FlowType'] | undefined,
    target_type: (query.get('target_type') || undefined) as Schemas['TargetType'] | undefined,
    enabled: query.get('enabled') === null ? undefined : query.get('enabled') === 'true',
    last_result: (query.get('last_result') || undefined) as Schemas['LastResult'] | undefined,
  };
  const sortParam = query.get('sort') as FlowSort | null;
  const order = {
    sort: sortParam && SORTS.includes(sortParam) ? sortParam : ('name' as FlowSort),
    order: query.get('order') === 'desc' ? ('desc' as const) : ('asc' as const),
  };
  const limit = PAGE_SIZES.includes(Number(query.get('limit'))) ? Number(query.get('limit')) : 25;
  const offset = Number(query.get('offset') ?? 0);
  return { filters, order, limit, offset, init: { params: { query: { ...filters, sort: order.sort, order: order.order, limit, offset } } } };
}

export const summaryParams = () => ({ params: { query: { tz: viewerZone() } } });

/** The flows list: filters, sortable columns, a page-size choice and bulk actions, all kept in the URL. */
export function FlowsPage() {
  const { query } = useLocation();
  const { filters, order, limit, offset, init } = flowListQuery(query);
  const summary = $api.useQuery('get', '/api/v1/protection-flows/summary', summaryParams(), { refetchInterval: 30_000 });
  const running = (summary.data?.running_executions ?? 0) > 0;
  const flows = $api.useQuery('get', '/api/v1/protection-flows', init, {
    refetchInterval: running ? 10_000 : 30_000,
    placeholderData: (previous) => previous,
  });
  const [selection, setSelection] = useState<Selection>(emptySelection);
  const rows = flows.data?.flows ?? [];
  const toggle = (id: string, on: boolean) => {
    const ids = new Set(selection.ids);
    if (on) ids.add(id);
    else ids.delete(id);
    setSelection({ ids, allMatching: false });
  };
  const filtered = Object.values(filters).some((v) => v !== undefined);
  return (
    <>
      <PageHeader
        title="Protection flows"
        subtitle="What is protected, where, and when — and how the runs went."
        actions={
          <button type="button" className="button button-primary" onClick={() => navigate('/flows/new')}>
            New flow
          </button>
        }
      />
      <SummaryCards summary={summary.data} />
      <ErrorBanner error={summary.error} title="Summary" />
      <div className="toolbar" role="search">
        <div className="field field-inline">
          <label htmlFor="flow-search">Search</label>
          <input
            id="flow-search"
            type="search"
            placeholder="Flow name"
            defaultValue={filters.search}
            onChange={(e) => setQuery({ search: e.target.value, offset: undefined })}
          />
        </div>
        <Choice
          label="Last result"
          name="last_result"
          value={filters.last_result ?? ''}
          options={[
            ['failed', 'Failed (every VM)'],
            ['warning', 'Partly failed'],
            ['success', 'Succeeded'],
            ['cancelled', 'Cancelled'],
            ['never_run', 'Never run'],
          ]}
        />
        <Choice
          label="Type"
          name="flow_type"
          value={filters.flow_type ?? ''}
          options={[
            ['backup', 'Backup'],
            ['replication', 'Replication'],
          ]}
        />
        <Choice
          label="Target"
          name="target_type"
          value={filters.target_type ?? ''}
          options={[
            ['vm', 'VM'],
            ['group', 'Group'],
          ]}
        />
        <Choice
          label="State"
          name="enabled"
          value={query.get('enabled') ?? ''}
          options={[
            ['true', 'Enabled'],
            ['false', 'Disabled'],
          ]}
        />
      </div>
      <BulkBar selection={selection} pageCount={rows.length} total={flows.data?.total ?? 0} filters={filters} onChange={setSelection} />
      <ErrorBanner error={flows.error} />
      <FlowsTable
        rows={rows}
        isPending={flows.isPending}
        filtered={filtered}
        order={order}
        selected={(id) => selection.allMatching || selection.ids.has(id)}
        onSelect={toggle}
        onSelectPage={(on) => setSelection({ ids: on ? new Set(rows.map((f) => f.id)) : new Set(), allMatching: false })}
      />
      <Pager total={flows.data?.total ?? 0} limit={limit} offset={offset} noun="flow" onChange={(next) => setQuery({ offset: next || undefined })}>
        <div className="field field-inline">
          <label htmlFor="page-size">Rows per page</label>
          <select id="page-size" value={limit} onChange={(e) => setQuery({ limit: e.target.value === '25' ? undefined : e.target.value, offset: undefined })}>
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </div>
      </Pager>
    </>
  );
}
