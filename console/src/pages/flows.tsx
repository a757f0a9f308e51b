import { useState } from 'react';
import { $api, invalidate, type Schemas } from '../api';
import { ConfirmDialog, Pager, Switch } from '../components/controls';
import { EmptyRow, ErrorBanner, Notice, Skeleton, SkeletonRows } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { StatusBadge } from '../components/status';
import { Time } from '../components/values';
import { Link, navigate, setQuery, useLocation } from '../router';
import { useRunNow } from './run-now';

const PAGE = 25;
type BulkAction = 'enable' | 'disable' | 'delete';

export function FlowsPage() {
  const { query } = useLocation();
  const filters = {
    search: query.get('search') ?? '',
    flow_type: (query.get('flow_type') ?? '') as '' | 'backup' | 'replication',
    target_type: (query.get('target_type') ?? '') as '' | 'vm' | 'group',
    enabled: query.get('enabled') ?? '',
  };
  const offset = Number(query.get('offset') ?? 0);
  const summary = $api.useQuery('get', '/api/v1/protection-flows/summary', {}, { refetchInterval: 30_000 });
  const running = (summary.data?.running_executions ?? 0) > 0;
  const flows = $api.useQuery(
    'get',
    '/api/v1/protection-flows',
    {
      params: {
        query: {
          limit: PAGE,
          offset,
          search: filters.search || undefined,
          flow_type: filters.flow_type || undefined,
          target_type: filters.target_type || undefined,
          enabled: filters.enabled === '' ? undefined : filters.enabled === 'true',
        },
      },
    },
    { refetchInterval: running ? 10_000 : 30_000, placeholderData: (previous) => previous },
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const rows = flows.data?.flows ?? [];
  const allSelected = rows.length > 0 && rows.every((f) => selected.has(f.id));
  const toggle = (id: string, on: boolean) => setSelected((current) => new Set([...current].filter((x) => x !== id).concat(on ? [id] : [])));

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
      <SummaryCards summary={summary.data} loading={summary.isPending} />
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
        <Filter
          label="Type"
          name="flow_type"
          value={filters.flow_type}
          options={[
            ['backup', 'Backup'],
            ['replication', 'Replication'],
          ]}
        />
        <Filter
          label="Target"
          name="target_type"
          value={filters.target_type}
          options={[
            ['vm', 'VM'],
            ['group', 'Group'],
          ]}
        />
        <Filter
          label="State"
          name="enabled"
          value={filters.enabled}
          options={[
            ['true', 'Enabled'],
            ['false', 'Disabled'],
          ]}
        />
      </div>
      <BulkBar selected={[...selected]} onDone={() => setSelected(new Set())} />
      <ErrorBanner error={flows.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col" className="col-check">
                <input
                  type="checkbox"
                  aria-label="Select all flows on this page"
                  checked={allSelected}
                  onChange={(e) => rows.forEach((f) => toggle(f.id, e.target.checked))}
                />
              </th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Target</th>
              <th scope="col">Schedule</th>
              <th scope="col">Next run</th>
              <th scope="col">Last result</th>
              <th scope="col">Successful / total</th>
              <th scope="col">Enabled</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.isPending && <SkeletonRows columns={10} />}
            {!flows.isPending && rows.length === 0 && (
              <EmptyRow columns={10}>
                {filters.search || filters.flow_type || filters.target_type || filters.enabled ? (
                  'No flow matches these filters.'
                ) : (
                  <>
                    No protection flows yet. <Link to="/flows/new">Create the first one</Link>.
                  </>
                )}
              </EmptyRow>
            )}
            {rows.map((flow) => (
              <FlowRow key={flow.id} flow={flow} selected={selected.has(flow.id)} onSelect={(on) => toggle(flow.id, on)} />
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={flows.data?.total ?? 0} limit={PAGE} offset={offset} noun="flows" onChange={(next) => setQuery({ offset: next || undefined })} />
    </>
  );
}

function SummaryCards({ summary, loading }: { summary?: Schemas['FlowSummaryResponse']; loading: boolean }) {
  const cards: Array<[string, number | undefined, string?]> = [
    ['Flows', summary?.total_flows],
    ['Enabled', summary?.enabled_flows],
    ['Disabled', summary?.disabled_flows],
    ['Runs today', summary?.total_executions_today],
    ['Failed today', summary?.failed_executions_today, summary && summary.failed_executions_today > 0 ? 'card-error' : undefined],
    ['Running now', summary?.running_executions, summary && summary.running_executions > 0 ? 'card-running' : undefined],
  ];
  return (
    <section className="cards" aria-label="Summary">
      {cards.map(([label, value, tone]) => (
        <div key={label} className={`card stat ${tone ?? ''}`}>
          <div className="stat-label">{label}</div>
          <div className="stat-value">{loading || value === undefined ? <Skeleton width="2em" /> : value}</div>
        </div>
      ))}
    </section>
  );
}

function Filter({ label, name, value, options }: { label: string; name: string; value: string; options: Array<[string, string]> }) {
  const id = `filter-${name}`;
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => setQuery({ [name]: e.target.value, offset: undefined })}>
        <option value="">All</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

function FlowRow({ flow, selected, onSelect }: { flow: Schemas['FlowResponse']; selected: boolean; onSelect: (on: boolean) => void }) {
  const enable = $api.useMutation('patch', '/api/v1/protection-flows/{id}/enable', { onSettled: () => invalidate('/api/v1/protection-flows') });
  const disable = $api.useMutation('patch', '/api/v1/protection-flows/{id}/disable', { onSettled: () => invalidate('/api/v1/protection-flows') });
  const runNow = useRunNow();
  const status = flow.status;
  const toggleError = enable.error ?? disable.error;
  return (
    <tr className={selected ? 'selected' : undefined}>
      <td className="col-check">
        <input type="checkbox" aria-label={`Select ${flow.name}`} checked={selected} onChange={(e) => onSelect(e.target.checked)} />
      </td>
      <td>
        <Link to={`/flows/${flow.id}`} className="strong">
          {flow.name}
        </Link>
        {toggleError && <ErrorBanner error={toggleError} />}
        {runNow.error && <ErrorBanner error={runNow.error} />}
      </td>
      <td>{flow.flow_type === 'backup' ? 'Backup' : 'Replication'}</td>
      <td>
        {flow.target_name ?? <span className="muted">missing</span>}
        <div className="muted small">{flow.target_type === 'vm' ? 'VM' : 'Group'}</div>
      </td>
      <td>
        {flow.schedule_name ?? <span className="muted">On demand</span>}
        {flow.schedule_cron && <div className="muted small mono">{flow.schedule_cron}</div>}
      </td>
      <td>
        <Time value={status.next_execution_time} />
        {status.overdue && <StatusBadge status="warning" label="overdue" />}
      </td>
      <td>
        <StatusBadge status={status.total_executions === 0 ? null : status.last_execution_status} />
        {status.running_execution && (
          <div className="muted small">{`${status.running_execution.jobs_completed + status.running_execution.jobs_failed} VMs done`}</div>
        )}
      </td>
      <td className="num">{`${status.successful_executions} / ${status.total_executions}`}</td>
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

const BULK: Record<
  BulkAction,
  { path: '/api/v1/protection-flows/bulk-enable' | '/api/v1/protection-flows/bulk-disable' | '/api/v1/protection-flows/bulk-delete'; label: string }
> = {
  enable: { path: '/api/v1/protection-flows/bulk-enable', label: 'Enable' },
  disable: { path: '/api/v1/protection-flows/bulk-disable', label: 'Disable' },
  delete: { path: '/api/v1/protection-flows/bulk-delete', label: 'Delete' },
};

function BulkBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const [result, setResult] = useState<Schemas['BulkFlowsResponse'] | null>(null);
  const enable = $api.useMutation('post', BULK.enable.path);
  const disable = $api.useMutation('post', BULK.disable.path);
  const remove = $api.useMutation('post', BULK.delete.path);
  const mutation = action === 'enable' ? enable : action === 'disable' ? disable : remove;
  const apply = async () => {
    if (!action) return;
    const outcome = await mutation.mutateAsync({ body: { flow_ids: selected } }).catch(() => null);
    setAction(null);
    setResult(outcome);
    onDone();
    await invalidate('/api/v1/protection-flows');
  };
  return (
    <>
      {selected.length > 0 && (
        <div className="bulk-bar" role="region" aria-label="Selected flows">
          <span>{`${selected.length} selected`}</span>
          {(Object.keys(BULK) as BulkAction[]).map((key) => (
            <button key={key} type="button" className={`button button-small${key === 'delete' ? ' button-danger' : ''}`} onClick={() => setAction(key)}>
              {`${BULK[key].label} selected`}
            </button>
          ))}
        </div>
      )}
      <ErrorBanner error={mutation.error} />
      {result && (
        <Notice tone={result.failed > 0 ? 'warning' : 'success'}>
          {`${BULK[result.action].label}: ${result.successful} of ${result.requested} done.`}
          {result.errors.map((e) => (
            <div key={e.flow_id}>{e.error}</div>
          ))}
        </Notice>
      )}
      <ConfirmDialog
        open={action !== null}
        title={action ? `${BULK[action].label} ${selected.length} flow(s)?` : ''}
        confirmLabel={action ? `${BULK[action].label} ${selected.length} flow(s)` : ''}
        danger={action === 'delete'}
        busy={mutation.isPending}
        onConfirm={() => void apply()}
        onCancel={() => setAction(null)}
      >
        {action === 'delete'
          ? 'Deleting a flow removes its execution history. Flows with a running execution are kept (cancel the run first).'
          : action === 'disable'
            ? 'Disabled flows do not run on their schedule, and their buffered runs are dropped.'
            : 'Enabled flows run on their schedule again.'}
      </ConfirmDialog>
    </>
  );
}
