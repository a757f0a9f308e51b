import { useState } from 'react';
import { $api, type Schemas } from '../api';
import { ErrorBanner } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { plural } from '../format';
import { Link, setQuery, useLocation } from '../router';
import { RunTable } from './run-table';
import { Choice } from '../components/choice';

type Status = Schemas['ExecutionStatus'];
type Trigger = Schemas['ExecutionType'];

const STATUS_FILTERS: Array<[string, string, Status[]]> = [
  ['running', 'Running', ['pending', 'running']],
  ['failed', 'Failed (some or every VM)', ['error', 'warning']],
  ['warning', 'Partly failed (some VMs)', ['warning']],
  ['error', 'Failed (every VM)', ['error']],
  ['success', 'Succeeded', ['success']],
  ['cancelled', 'Cancelled', ['cancelled']],
];
const TRIGGER_FILTERS: Array<[Trigger, string]> = [
  ['scheduled', 'Scheduled'],
  ['manual', 'Manual'],
  ['api', 'API'],
  ['retry', 'Retry'],
];
const RANGES: Array<[string, string, number | null]> = [
  ['7d', 'Last 7 days', 24 * 7],
  ['30d', 'Last 30 days', 24 * 30],
  ['all', 'Any time', null],
];
const ENDED: Status[] = ['success', 'warning', 'error', 'cancelled'];
const PAGE = 25;

/** The default view's two lists: what is running, then what ended in the last 24 hours. */
export const DEFAULT_VIEW = {
  running: (): RunFilter => ({ status: ['pending', 'running'] }),
  recent: (): RunFilter => ({ status: ENDED, from: sinceHours(24) }),
};

/** A run list's first page as the API is asked for it. */
export const runListParams = (filter: RunFilter, cursor?: string) => ({ params: { query: { ...filter, limit: PAGE, cursor } } });

/** Now, to the minute: a "since" that does not change the query on every render. */
const sinceHours = (hours: number | null): string | undefined =>
  hours === null ? undefined : new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3_600_000).toISOString();

/** The filters in the URL as the list's filter; null when there are none (the default view). */
export function runFilterOf(query: URLSearchParams): RunFilter | null {
  const [status, trigger, flowId, range] = ['status', 'trigger', 'flow_id', 'range'].map((key) => query.get(key) ?? '');
  if (status === '' && trigger === '' && flowId === '' && range === '') return null;
  return {
    status: STATUS_FILTERS.find(([v]) => v === status)?.[2],
    execution_type: trigger ? [trigger as Trigger] : undefined,
    flow_id: flowId || undefined,
    from: sinceHours(range === '' ? 24 : (RANGES.find(([v]) => v === range)?.[2] ?? null)),
  };
}

/** Runs of every flow: by default what is running, then what ended in the last 24 hours; filters by status, trigger, flow and time. */
export function ExecutionsPage() {
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const trigger = (query.get('trigger') ?? '') as Trigger | '';
  const flowId = query.get('flow_id') ?? '';
  const range = query.get('range') ?? '';
  const filter = runFilterOf(query);
  return (
    <>
      <PageHeader title="Executions" subtitle="Every flow's runs, newest first: what is running, what failed, and why." />
      <div className="toolbar" role="search">
        <Choice label="Status" name="status" value={status} options={STATUS_FILTERS.map(([v, text]) => [v, text])} />
        <Choice label="Trigger" name="trigger" value={trigger} options={TRIGGER_FILTERS} />
        <Choice label="Time" name="range" value={range} options={RANGES.map(([v, text]) => [v, text])} all="Last 24 hours" />
        {flowId && <FlowFilter flowId={flowId} />}
      </div>
      {filter ? (
        <RunList key={query.toString()} label="Executions" filter={filter} />
      ) : (
        <>
          <RunList label="Running now" filter={DEFAULT_VIEW.running()} empty="Nothing is running." />
          <RunList label="Last 24 hours" filter={DEFAULT_VIEW.recent()} empty="No run ended in the last 24 hours." />
        </>
      )}
    </>
  );
}

export interface RunFilter {
  status?: Status[];
  execution_type?: Trigger[];
  flow_id?: string;
  from?: string;
}

/** One list of runs, paged by cursor (Older / Newer), kept live by the change stream. */
function RunList({ label, filter, empty = 'No run matches these filters.' }: { label: string; filter: RunFilter; empty?: string }) {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = $api.useQuery('get', '/api/v1/flow-executions', runListParams(filter, cursor), {
    refetchInterval: 15_000,
    placeholderData: (previous) => previous,
  });
  const total = list.data?.total ?? 0;
  const next = list.data?.next_cursor ?? null;
  return (
    <section className="section" aria-label={label}>
      <h2>
        {label} <span className="muted small">{list.data ? plural(total, 'run') : ''}</span>
      </h2>
      <ErrorBanner error={list.error} />
      <RunTable runs={list.data?.executions ?? []} isPending={list.isPending} showFlow empty={empty} label={label} />
      {(cursors.length > 1 || next) && (
        <nav className="pager" aria-label={`${label} pages`}>
          <button type="button" className="button button-small" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <button type="button" className="button button-small" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}

function FlowFilter({ flowId }: { flowId: string }) {
  const flow = $api.useQuery('get', '/api/v1/protection-flows/{id}', { params: { path: { id: flowId } } }, { retry: false });
  return (
    <div className="field field-inline filter-chip">
      <span>
        Flow: {flow.data ? <Link to={`/flows/${flowId}`}>{flow.data.name}</Link> : <span className="muted">{flow.error ? 'deleted flow' : '…'}</span>}
      </span>
      <button type="button" className="button button-small button-quiet" onClick={() => setQuery({ flow_id: undefined })} aria-label="Show every flow's runs">
        ×
      </button>
    </div>
  );
}
