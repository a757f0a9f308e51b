import type { Schemas } from '../api';
import { EmptyRow, SkeletonRows } from '../components/feedback';
import { ProgressBar, StatusBadge } from '../components/status';
import { Bytes, Truncated } from '../components/values';
import { formatDuration, formatLocal, formatRate, secondsBetween } from '../format';

type Job = Schemas['ExecutionJobResponse'];

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A job's start or end as a clock time in the viewer's zone (the full date and zone on hover). */
function ClockTime({ value }: { value: string | null }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={value} title={formatLocal(value)} className="nowrap">
      {clock.format(new Date(value))}
    </time>
  );
}

/** Bytes per second over the job's time so far (or its whole time once ended). */
function throughputOf(job: Job): number | null {
  const seconds = secondsBetween(job.started_at, job.completed_at);
  return seconds && job.bytes_transferred > 0 ? job.bytes_transferred / seconds : null;
}

/** One row per VM of a run: how its backup went, when it started and ended, how fast it moved data. */
export function JobTable({ jobs, loading, emptyText }: { jobs: Job[]; loading: boolean; emptyText: string }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">VM</th>
            <th scope="col">Status</th>
            <th scope="col">Type</th>
            <th scope="col">Progress</th>
            <th scope="col">Transferred</th>
            <th scope="col">Throughput</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col">Attempt</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {loading && <SkeletonRows columns={10} rows={3} />}
          {!loading && jobs.length === 0 && <EmptyRow columns={10}>{emptyText}</EmptyRow>}
          {jobs.map((job) => (
            <tr key={job.id}>
              <td className="cell-name strong">
                <Truncated text={job.vm_name} />
              </td>
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
              <td className="num nowrap" title={job.started_at ? `over ${formatDuration(secondsBetween(job.started_at, job.completed_at))}` : undefined}>
                {formatRate(throughputOf(job))}
              </td>
              <td>
                <ClockTime value={job.started_at} />
              </td>
              <td>
                <ClockTime value={job.completed_at} />
              </td>
              <td className="num">{job.attempt}</td>
              <td className="small cell-details">
                <Truncated text={job.error_message ?? job.current_phase ?? ''} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
