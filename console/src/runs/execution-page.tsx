import { type ReactNode, useState } from 'react';
import { $api, invalidate, type Schemas } from '../api';
import { ConfirmDialog, Pager } from '../components/controls';
import { ErrorBanner, Notice, Skeleton } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { isCancelling, RunBadge } from '../components/status';
import { Bytes, Time } from '../components/values';
import { formatDuration, formatRate, plural, secondsBetween } from '../format';
import { Link, navigate } from '../router';
import { EventLog } from './event-log';
import { JobTable } from './job-table';
import { triggerOf } from './run-table';

const JOBS_PAGE = 100;
const active = (status?: string) => status === 'running' || status === 'pending';

/** One run: its VMs' jobs and the job log; refreshes itself while the run is active, and stops when it ends. */
export function ExecutionPage({ executionId }: { executionId: string }) {
  const [jobsOffset, setJobsOffset] = useState(0);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const detail = $api.useQuery(
    'get',
    '/api/v1/flow-executions/{id}',
    { params: { path: { id: executionId }, query: { jobs_limit: JOBS_PAGE, jobs_offset: jobsOffset } } },
    { refetchInterval: (q) => (!q.state.data || active(q.state.data.status) ? 2_000 : false), placeholderData: (p) => p },
  );
  const refresh = () => invalidate('/api/v1/flow-executions', '/api/v1/protection-flows');
  const cancel = $api.useMutation('post', '/api/v1/flow-executions/{id}/cancel', { onSettled: refresh });
  const retry = $api.useMutation('post', '/api/v1/flow-executions/{id}/retry', {
    onSuccess: (run) => navigate(`/executions/${run.id}`),
    onSettled: refresh,
  });
  const e = detail.data;
  const toRetry = e ? e.job_counts.failed + e.job_counts.cancelled : 0;
  return (
    <>
      <PageHeader
        back={e ? { to: `/flows/${e.flow_id}`, label: e.flow_name ?? 'Flow' } : { to: '/executions', label: 'Executions' }}
        title={<>Execution {e ? <RunBadge status={e.status} cancelling={isCancelling(e)} /> : <Skeleton width="5em" />}</>}
        subtitle={
          e && (
            <>
              {`${triggerOf(e)} run of ${e.flow_name ?? 'a deleted flow'}, started `}
              <Time value={e.started_at ?? e.created_at} />
            </>
          )
        }
        actions={
          e && (
            <>
              {!active(e.status) && toRetry > 0 && (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={retry.isPending}
                  onClick={() => retry.mutate({ params: { path: { id: executionId } } })}
                >
                  {`Retry failed VMs (${toRetry})`}
                </button>
              )}
              {active(e.status) && (
                <button type="button" className="button button-danger" onClick={() => setConfirmCancel(true)} disabled={cancel.isPending || isCancelling(e)}>
                  {isCancelling(e) ? 'Cancelling…' : 'Cancel execution'}
                </button>
              )}
            </>
          )
        }
      />
      <ErrorBanner error={detail.error ?? cancel.error ?? retry.error} />
      {e?.retry_of_execution_id && (
        <Notice>
          A retry of the failed VMs of <Link to={`/executions/${e.retry_of_execution_id}`}>an earlier run</Link>.
        </Notice>
      )}
      {e && isCancelling(e) && <Notice tone="warning">Cancelling: queued VMs will not start; the backups already running are followed to their end.</Notice>}
      {e && <Counters execution={e} />}
      {e?.error_message && <div className={`banner banner-${e.status === 'error' || e.status === 'warning' ? 'error' : 'info'}`}>{e.error_message}</div>}
      <section className="section" aria-label="Jobs">
        <h2>VMs</h2>
        <JobTable jobs={e?.jobs ?? []} loading={!e} emptyText={active(e?.status) ? 'Resolving the VMs…' : 'No VMs were backed up in this run.'} />
        {e && <Pager total={e.jobs_total} limit={JOBS_PAGE} offset={jobsOffset} onChange={setJobsOffset} noun="VM" />}
      </section>
      <EventLog executionId={executionId} live={active(e?.status)} />
      <ConfirmDialog
        open={confirmCancel}
        title="Cancel this execution?"
        confirmLabel="Cancel execution"
        danger
        busy={cancel.isPending}
        onConfirm={() => {
          cancel.mutate({ params: { path: { id: executionId } } });
          setConfirmCancel(false);
        }}
        onCancel={() => setConfirmCancel(false)}
      >
        Queued VMs will not be started. Backups already running are followed to their end.
      </ConfirmDialog>
    </>
  );
}

function Counters({ execution: e }: { execution: Schemas['ExecutionDetailResponse'] }) {
  const c = e.job_counts;
  const seconds = e.execution_time_seconds ?? secondsBetween(e.started_at, e.completed_at);
  const cards: Array<[string, ReactNode, string?]> = [
    ['VMs', e.jobs_total],
    ['Completed', c.completed],
    ['Failed', c.failed, c.failed > 0 ? 'card-error' : undefined],
    ['Running', c.starting + c.running],
    ['Queued', c.queued],
    ['Transferred', <Bytes key="bytes" value={e.bytes_transferred} />],
    ['Duration', formatDuration(seconds)],
    ['Throughput', formatRate(seconds ? e.bytes_transferred / seconds : null)],
  ];
  return (
    <section className="cards" aria-label="Counters">
      {cards.map(([label, value, tone]) => (
        <div key={label} className={`card stat ${tone ?? ''}`}>
          <div className="stat-label">{label}</div>
          <div className="stat-value">{value}</div>
        </div>
      ))}
      {c.cancelled > 0 && <p className="cards-note muted small">{`${plural(c.cancelled, 'VM')} cancelled before starting.`}</p>}
    </section>
  );
}
