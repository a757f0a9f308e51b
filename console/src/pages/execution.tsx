import { type ReactNode, useState } from 'react';
import { $api, invalidate, type Schemas } from '../api';
import { ConfirmDialog, Pager } from '../components/controls';
import { EmptyRow, ErrorBanner, Skeleton, SkeletonRows } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { ProgressBar, StatusBadge } from '../components/status';
import { Bytes, Time } from '../components/values';
import { formatDuration, secondsBetween } from '../format';

const JOBS_PAGE = 100;
const EVENTS_PAGE = 50;
const active = (status?: string) => status === 'running' || status === 'pending';

/** One run: its VMs' jobs and the job log; refreshes itself while the run is active, and stops when it ends. */
export function ExecutionPage({ executionId }: { executionId: string }) {
  const [jobsOffset, setJobsOffset] = useState(0);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const detail = $api.useQuery(
    'get',
    '/api/v1/flow-executions/{id}',
    { params: { path: { id: executionId }, query: { jobs_limit: JOBS_PAGE, jobs_offset: jobsOffset } } },
    { refetchInterval: (q) => (!q.state.data || active(q.state.data.status) ? 5_000 : false), placeholderData: (p) => p },
  );
  const cancel = $api.useMutation('post', '/api/v1/flow-executions/{id}/cancel', {
    onSettled: () => invalidate('/api/v1/flow-executions', '/api/v1/protection-flows'),
  });
  const e = detail.data;
  return (
    <>
      <PageHeader
        back={e ? { to: `/flows/${e.flow_id}`, label: e.flow_name ?? 'Flow' } : { to: '/flows', label: 'Protection flows' }}
        title={<>Execution {e ? <StatusBadge status={e.status} /> : <Skeleton width="5em" />}</>}
        subtitle={
          e && (
            <>
              {`${e.execution_type === 'scheduled' ? 'Scheduled' : e.execution_type === 'api' ? 'API' : 'Manual'} run of ${e.flow_name ?? 'a deleted flow'} by ${e.triggered_by ?? 'unknown'}, started `}
              <Time value={e.started_at ?? e.created_at} />
            </>
          )
        }
        actions={
          e &&
          active(e.status) && (
            <button type="button" className="button button-danger" onClick={() => setConfirmCancel(true)} disabled={cancel.isPending}>
              Cancel execution
            </button>
          )
        }
      />
      <ErrorBanner error={detail.error ?? cancel.error} />
      {e && <Counters execution={e} />}
      {e?.error_message && <div className={`banner banner-${e.status === 'error' ? 'error' : 'warning'}`}>{e.error_message}</div>}
      <section className="section" aria-label="Jobs">
        <h2>VMs</h2>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">VM</th>
                <th scope="col">Status</th>
                <th scope="col">Backup type</th>
                <th scope="col">Progress</th>
                <th scope="col">Transferred</th>
                <th scope="col">Attempt</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {!e && <SkeletonRows columns={7} rows={3} />}
              {e && e.jobs.length === 0 && <EmptyRow columns={7}>{active(e.status) ? 'Resolving the VMs…' : 'No VMs were backed up in this run.'}</EmptyRow>}
              {e?.jobs.map((job) => (
                <JobRow key={job.id} job={job} />
              ))}
            </tbody>
          </table>
        </div>
        {e && <Pager total={e.jobs_total} limit={JOBS_PAGE} offset={jobsOffset} onChange={setJobsOffset} noun="VMs" />}
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
  const cards: Array<[string, ReactNode]> = [
    ['VMs', e.jobs_total],
    ['Completed', c.completed],
    ['Failed', c.failed],
    ['Running', c.starting + c.running],
    ['Queued', c.queued],
    ['Transferred', <Bytes key="bytes" value={e.bytes_transferred} />],
    ['Duration', formatDuration(e.execution_time_seconds ?? secondsBetween(e.started_at, e.completed_at))],
  ];
  return (
    <section className="cards" aria-label="Counters">
      {cards.map(([label, value]) => (
        <div key={label} className="card stat">
          <div className="stat-label">{label}</div>
          <div className="stat-value">{value}</div>
        </div>
      ))}
    </section>
  );
}

function JobRow({ job }: { job: Schemas['ExecutionJobResponse'] }) {
  return (
    <tr>
      <td className="strong">{job.vm_name}</td>
      <td>
        <StatusBadge status={job.status} />
      </td>
      <td>{job.backup_type === 'incremental' ? 'Incremental' : job.backup_type === 'full' ? 'Full' : '—'}</td>
      <td>
        <ProgressBar percent={job.status === 'completed' ? 100 : job.progress_percent} label={`Progress of ${job.vm_name}`} />
      </td>
      <td className="num">
        <Bytes value={job.bytes_transferred} />
      </td>
      <td className="num">{job.attempt}</td>
      <td className="small">{job.error_message ?? job.current_phase ?? ''}</td>
    </tr>
  );
}

function EventLog({ executionId, live }: { executionId: string; live: boolean }) {
  const [offset, setOffset] = useState(0);
  const events = $api.useQuery(
    'get',
    '/api/v1/flow-executions/{id}/events',
    { params: { path: { id: executionId }, query: { limit: EVENTS_PAGE, offset } } },
    { refetchInterval: live ? 5_000 : false, placeholderData: (p) => p },
  );
  const rows = events.data?.events ?? [];
  return (
    <section className="section" aria-label="Event log">
      <h2>Event log</h2>
      <ErrorBanner error={events.error} />
      <div className="table-wrap">
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Level</th>
              <th scope="col">Step</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {events.isPending && <SkeletonRows columns={4} rows={3} />}
            {!events.isPending && rows.length === 0 && <EmptyRow columns={4}>Nothing logged yet.</EmptyRow>}
            {rows.map((ev) => (
              <tr key={ev.id}>
                <td className="nowrap">
                  <Time value={ev.at} />
                </td>
                <td>
                  <span className={`level level-${ev.level}`}>{ev.level}</span>
                </td>
                <td className="mono small">{ev.step}</td>
                <td>{ev.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={events.data?.total ?? 0} limit={EVENTS_PAGE} offset={offset} onChange={setOffset} noun="events" />
    </section>
  );
}
