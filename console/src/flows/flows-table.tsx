import { $api, invalidate, type Schemas } from '../api';
import { Switch } from '../components/controls';
import { EmptyRow, ErrorBanner, SkeletonRows } from '../components/feedback';
import { RunBadge, StatusBadge } from '../components/status';
import { Truncated } from '../components/values';
import { formatInZone, formatLocal, formatRelative, viewerZone } from '../format';
import { Link, setQuery } from '../router';
import { useRunNow } from './run-now';

type Flow = Schemas['FlowResponse'];
export type FlowSort = Schemas['FlowSort'];

/** A column header that sorts the list (kept in the URL); a second click reverses the order. */
function SortHeader({ label, sort, current }: { label: string; sort: FlowSort; current: { sort: FlowSort; order: 'asc' | 'desc' } }) {
  const active = current.sort === sort;
  const next = active && current.order === 'asc' ? 'desc' : 'asc';
  return (
    <th scope="col" aria-sort={active ? (current.order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort-button"
        onClick={() => setQuery({ sort: sort === 'name' ? undefined : sort, order: next === 'asc' ? undefined : next, offset: undefined })}
      >
        {label}
        <span aria-hidden="true" className="sort-mark">
          {active ? (current.order === 'asc' ? ' ▲' : ' ▼') : ' ↕'}
        </span>
      </button>
    </th>
  );
}

export function FlowsTable({
  rows,
  isPending,
  filtered,
  order,
  selected,
  onSelect,
  onSelectPage,
}: {
  rows: Flow[];
  isPending: boolean;
  filtered: boolean;
  order: { sort: FlowSort; order: 'asc' | 'desc' };
  selected: (id: string) => boolean;
  onSelect: (id: string, on: boolean) => void;
  onSelectPage: (on: boolean) => void;
}) {
  const allSelected = rows.length > 0 && rows.every((f) => selected(f.id));
  return (
    <div className="table-wrap">
      <table className="table table-flows">
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <input type="checkbox" aria-label="Select all flows on this page" checked={allSelected} onChange={(e) => onSelectPage(e.target.checked)} />
            </th>
            <SortHeader label="Name" sort="name" current={order} />
            <th scope="col">Target</th>
            <th scope="col">Schedule</th>
            <SortHeader label="Next run" sort="next_run" current={order} />
            <SortHeader label="Last run" sort="last_run" current={order} />
            <SortHeader label="Last result" sort="last_result" current={order} />
            <th scope="col">Enabled</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {isPending && <SkeletonRows columns={9} />}
          {!isPending && rows.length === 0 && (
            <EmptyRow columns={9}>
              {filtered ? (
                'No flow matches these filters.'
              ) : (
                <>
                  No protection flows yet. <Link to="/flows/new">Create the first one</Link>.
                </>
              )}
            </EmptyRow>
          )}
          {rows.map((flow) => (
            <FlowRow key={flow.id} flow={flow} selected={selected(flow.id)} onSelect={(on) => onSelect(flow.id, on)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** When the flow runs next: in its schedule's zone, named, with the viewer's time and "in 5 hr" on hover and beside it. */
function NextRun({ flow }: { flow: Flow }) {
  const at = flow.status.next_execution_time;
  if (!at) return <span className="muted">{flow.enabled ? 'on demand' : '—'}</span>;
  const zone = flow.schedule_timezone ?? 'UTC';
  const title = `${formatInZone(at, zone)} (${zone}) · ${formatLocal(at)} your time (${viewerZone()})`;
  return (
    <time dateTime={at} title={title} className="stack">
      <span className="nowrap">{formatInZone(at, zone, true)}</span>
      <span className="muted small nowrap">{formatRelative(at)}</span>
    </time>
  );
}

function FlowRow({ flow, selected, onSelect }: { flow: Flow; selected: boolean; onSelect: (on: boolean) => void }) {
  const enable = $api.useMutation('patch', '/api/v1/protection-flows/{id}/enable', { onSettled: () => invalidate('/api/v1/protection-flows') });
  const disable = $api.useMutation('patch', '/api/v1/protection-flows/{id}/disable', { onSettled: () => invalidate('/api/v1/protection-flows') });
  const runNow = useRunNow();
  const status = flow.status;
  const error = enable.error ?? disable.error ?? runNow.error;
  const last = status.last_execution_time;
  return (
    <tr className={selected ? 'selected' : undefined}>
      <td className="col-check">
        <input type="checkbox" aria-label={`Select ${flow.name}`} checked={selected} onChange={(e) => onSelect(e.target.checked)} />
      </td>
      <td className="cell-name">
        <Link to={`/flows/${flow.id}`} className="strong">
          <Truncated text={flow.name} />
        </Link>
        {error && <ErrorBanner error={error} />}
      </td>
      <td className="cell-name cell-narrow">
        {flow.target_name ? <Truncated text={`${flow.target_type === 'vm' ? 'VM' : 'Group'} ${flow.target_name}`} /> : <span className="muted">missing</span>}
      </td>
      <td className="cell-name cell-narrow">
        {flow.schedule_name ? (
          <span title={`${flow.schedule_cron ?? ''} (${flow.schedule_timezone ?? 'UTC'})`}>
            <Truncated text={flow.schedule_name} />
          </span>
        ) : (
          <span className="muted">On demand</span>
        )}
      </td>
      <td>
        <NextRun flow={flow} />
        {status.overdue && <StatusBadge status="warning" label="overdue" />}
      </td>
      <td className="nowrap">
        {last ? (
          <time dateTime={last} title={formatLocal(last)}>
            {formatRelative(last)}
          </time>
        ) : (
          <span className="muted">never</span>
        )}
      </td>
      <td>
        {status.running_execution ? (
          <Link to={`/executions/${status.running_execution.id}`}>
            <RunBadge status="running" />
          </Link>
        ) : status.last_execution_id && status.total_executions > 0 ? (
          <Link to={`/executions/${status.last_execution_id}`}>
            <RunBadge status={status.last_execution_status} />
          </Link>
        ) : (
          <RunBadge status={null} />
        )}
        {status.total_executions > 0 && (
          <div className="muted small nowrap" title="Successful runs of all runs">{`${status.successful_executions} of ${status.total_executions} ok`}</div>
        )}
      </td>
      <td>
        <Switch
          checked={flow.enabled}
          label={`Enabled: ${flow.name}`}
          disabled={enable.isPending || disable.isPending}
          onChange={(on) => (on ? enable : disable).mutate({ params: { path: { id: flow.id } } })}
        />
      </td>
      <td className="row-actions">
        <button
          type="button"
          className="button button-small"
          disabled={!flow.enabled || runNow.isPending}
          onClick={() => runNow.run(flow.id)}
          aria-label={`Run now: ${flow.name}`}
        >
          Run now
        </button>
      </td>
    </tr>
  );
}
