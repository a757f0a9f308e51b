import { useState } from 'react';
import { $api, invalidate, queryClient, type Schemas } from '../api';
import { ConfirmDialog, Pager } from '../components/controls';
import { EmptyRow, ErrorBanner, Notice, Skeleton, SkeletonRows } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { StatusBadge } from '../components/status';
import { Bytes, Time } from '../components/values';
import { formatDuration, secondsBetween } from '../format';
import { Link, navigate } from '../router';
import { useRunNow } from './run-now';

const PAGE = 10;

export function FlowDetailPage({ flowId }: { flowId: string }) {
  const path = { params: { path: { id: flowId } } };
  const flow = $api.useQuery('get', '/api/v1/protection-flows/{id}', path, {
    refetchInterval: (q) => (q.state.data?.status.last_execution_status === 'running' ? 2_000 : 15_000),
  });
  const status = $api.useQuery('get', '/api/v1/protection-flows/{id}/status', path);
  const enable = $api.useMutation('patch', '/api/v1/protection-flows/{id}/enable', { onSuccess: () => invalidate('/api/v1/protection-flows') });
  const disable = $api.useMutation('patch', '/api/v1/protection-flows/{id}/disable', { onSuccess: () => invalidate('/api/v1/protection-flows') });
  const remove = $api.useMutation('delete', '/api/v1/protection-flows/{id}');
  const runNow = useRunNow();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const data = flow.data;
  const running = data?.status.last_execution_status === 'running';

  const doDelete = async () => {
    const ok = await remove.mutateAsync(path).then(
      () => true,
      () => false,
    );
    setConfirmDelete(false);
    if (!ok) return;
    navigate('/flows');
    // The deleted flow's own queries would only answer 404 now.
    queryClient.removeQueries({ predicate: (query) => JSON.stringify(query.queryKey).includes(flowId) });
    await invalidate('/api/v1/protection-flows');
  };

  return (
    <>
      <PageHeader
        back={{ to: '/flows', label: 'Protection flows' }}
        title={data ? data.name : <Skeleton width="12em" />}
        subtitle={
          data &&
          (data.description ??
            `${data.flow_type === 'backup' ? 'Backup' : 'Replication'} of ${data.target_type === 'vm' ? 'VM' : 'group'} ${data.target_name ?? data.target_id}`)
        }
        actions={
          data && (
            <>
              <button
                type="button"
                className="button button-primary"
                disabled={!data.enabled || running || runNow.isPending}
                onClick={() => runNow.run(flowId)}
              >
                Run now
              </button>
              {data.enabled ? (
                <button type="button" className="button" onClick={() => disable.mutate(path)}>
                  Disable
                </button>
              ) : (
                <button type="button" className="button" onClick={() => enable.mutate(path)}>
                  Enable
                </button>
              )}
              <button type="button" className="button" onClick={() => navigate(`/flows/${flowId}/edit`)}>
                Edit
              </button>
              <button type="button" className="button button-danger" onClick={() => setConfirmDelete(true)}>
                Delete
              </button>
            </>
          )
        }
      />
      <ErrorBanner error={flow.error ?? runNow.error ?? enable.error ?? disable.error ?? remove.error} />
      {data?.notice && (
        <Notice tone="warning">
          {data.notice.message} (<Time value={data.notice.at} />)
        </Notice>
      )}
      {data?.status.overdue && (
        <Notice tone="warning">
          Overdue: its run due at <Time value={data.status.next_execution_time} /> has not started. No engine replica with a running scheduler fired it.
        </Notice>
      )}
      {data && <FlowFacts flow={data} nextRuns={status.data?.next_runs} />}
      <Executions flowId={flowId} live={running} />
      <Occurrences flowId={flowId} />
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${data?.name ?? 'this flow'}?`}
        confirmLabel="Delete flow"
        danger
        busy={remove.isPending}
        onConfirm={() => void doDelete()}
        onCancel={() => setConfirmDelete(false)}
      >
        The flow and its execution history are removed. Its backups stay in the repository.
      </ConfirmDialog>
    </>
  );
}

function FlowFacts({ flow, nextRuns }: { flow: Schemas['FlowResponse']; nextRuns?: string[] }) {
  const s = flow.status;
  return (
    <div className="facts-grid">
      <section className="card" aria-label="Status">
        <h2>Status</h2>
        <dl className="facts">
          <dt>State</dt>
          <dd>
            <StatusBadge status={flow.enabled ? 'success' : 'cancelled'} label={flow.enabled ? 'enabled' : 'disabled'} />
          </dd>
          <dt>Last result</dt>
          <dd>
            <StatusBadge status={s.total_executions === 0 ? null : s.last_execution_status} /> {s.last_execution_time && <Time value={s.last_execution_time} />}
          </dd>
          <dt>Runs</dt>
          <dd>{`${s.successful_executions} successful, ${s.failed_executions} failed, ${s.total_executions} in all`}</dd>
          <dt>Target</dt>
          <dd>{flow.target_name ?? <span className="muted">missing ({flow.target_id})</span>}</dd>
          <dt>Repository</dt>
          <dd>{flow.repository_name ?? <span className="muted">none</span>}</dd>
          <dt>Policy</dt>
          <dd>{flow.policy_name ?? <span className="muted">none</span>}</dd>
          <dt>Schedule</dt>
          <dd>
            {flow.schedule_name ? (
              <>
                {flow.schedule_name} <span className="mono muted">{flow.schedule_cron}</span>
              </>
            ) : (
              <span className="muted">on demand only</span>
            )}
          </dd>
        </dl>
      </section>
      <section className="card" aria-label="Next runs">
        <h2>Next runs</h2>
        {nextRuns === undefined && <Skeleton />}
        {nextRuns?.length === 0 && (
          <p className="muted">{flow.enabled ? 'No schedule: the flow runs only on demand.' : 'Disabled: the flow does not run on its own.'}</p>
        )}
        <ol className="next-runs">
          {nextRuns?.map((run) => (
            <li key={run}>
              <Time value={run} />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function Executions({ flowId, live }: { flowId: string; live: boolean }) {
  const [offset, setOffset] = useState(0);
  const list = $api.useQuery(
    'get',
    '/api/v1/protection-flows/{id}/executions',
    { params: { path: { id: flowId }, query: { limit: PAGE, offset } } },
    { refetchInterval: live ? 5_000 : 30_000, placeholderData: (p) => p },
  );
  const rows = list.data?.executions ?? [];
  return (
    <section className="section" aria-label="Executions">
      <h2>Executions</h2>
      <ErrorBanner error={list.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Trigger</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
              <th scope="col">VMs ok / failed</th>
              <th scope="col">Transferred</th>
            </tr>
          </thead>
          <tbody>
            {list.isPending && <SkeletonRows columns={6} rows={3} />}
            {!list.isPending && rows.length === 0 && <EmptyRow columns={6}>No runs yet. “Run now” starts one.</EmptyRow>}
            {rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/executions/${e.id}`} aria-label={`Execution ${e.status} started ${e.started_at ?? e.created_at}`}>
                    <StatusBadge status={e.status} />
                  </Link>
                </td>
                <td>{`${e.execution_type}${e.triggered_by ? ` · ${e.triggered_by}` : ''}`}</td>
                <td>
                  <Time value={e.started_at ?? e.created_at} />
                </td>
                <td>{formatDuration(e.execution_time_seconds ?? secondsBetween(e.started_at, e.completed_at))}</td>
                <td className="num">{`${e.jobs_completed} / ${e.jobs_failed}`}</td>
                <td className="num">
                  <Bytes value={e.bytes_transferred} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={list.data?.total ?? 0} limit={PAGE} offset={offset} onChange={setOffset} noun="executions" />
    </section>
  );
}

function Occurrences({ flowId }: { flowId: string }) {
  const [offset, setOffset] = useState(0);
  const list = $api.useQuery(
    'get',
    '/api/v1/protection-flows/{id}/schedule-executions',
    { params: { path: { id: flowId }, query: { limit: PAGE, offset } } },
    { refetchInterval: 30_000, placeholderData: (p) => p },
  );
  const rows = list.data?.schedule_executions ?? [];
  return (
    <section className="section" aria-label="Schedule occurrences">
      <h2>Schedule occurrences</h2>
      <ErrorBanner error={list.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Scheduled for</th>
              <th scope="col">Outcome</th>
              <th scope="col">Fired at</th>
              <th scope="col">Execution</th>
            </tr>
          </thead>
          <tbody>
            {list.isPending && <SkeletonRows columns={4} rows={2} />}
            {!list.isPending && rows.length === 0 && <EmptyRow columns={4}>No scheduled occurrence yet.</EmptyRow>}
            {rows.map((o) => (
              <tr key={o.id}>
                <td>
                  <Time value={o.scheduled_at} />
                </td>
                <td>
                  <StatusBadge status={o.outcome} />
                </td>
                <td>
                  <Time value={o.fired_at} />
                </td>
                <td>{o.flow_execution_id ? <Link to={`/executions/${o.flow_execution_id}`}>Open</Link> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={list.data?.total ?? 0} limit={PAGE} offset={offset} onChange={setOffset} noun="occurrences" />
    </section>
  );
}
