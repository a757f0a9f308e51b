import { useState } from 'react';
import { $api, invalidate, queryClient, type Schemas } from '../api';
import { ConfirmDialog, Pager } from '../components/controls';
import { ErrorBanner, Notice, Skeleton } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { RunBadge, StatusBadge } from '../components/status';
import { Time, ZonedTime } from '../components/values';
import { RunTable } from '../runs/run-table';
import { FlowOccurrences } from './flow-occurrences';
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
      <FlowOccurrences flowId={flowId} />
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
            <RunBadge status={s.total_executions === 0 ? null : s.last_execution_status} /> {s.last_execution_time && <Time value={s.last_execution_time} />}
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
                {flow.schedule_name} <span className="mono muted">{flow.schedule_cron}</span>{' '}
                <span className="muted">{`in ${flow.schedule_timezone ?? 'UTC'}`}</span>
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
              <ZonedTime value={run} zone={flow.schedule_timezone} />
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
  return (
    <section className="section" aria-label="Executions">
      <h2>
        Executions{' '}
        <Link to={`/executions?flow_id=${flowId}&range=all`} className="small">
          All runs of this flow
        </Link>
      </h2>
      <ErrorBanner error={list.error} />
      <RunTable runs={list.data?.executions ?? []} isPending={list.isPending} empty="No runs yet. “Run now” starts one." label="Executions of this flow" />
      <Pager total={list.data?.total ?? 0} limit={PAGE} offset={offset} onChange={setOffset} noun="execution" />
    </section>
  );
}
