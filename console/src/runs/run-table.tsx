import type { ReactNode } from 'react';
import type { Schemas } from '../api';
import { EmptyRow, SkeletonRows } from '../components/feedback';
import { isCancelling, RunBadge } from '../components/status';
import { Bytes, Time, Truncated } from '../components/values';
import { formatDuration, secondsBetween } from '../format';
import { Link } from '../router';

type Run = Schemas['ExecutionResponse'];

const TRIGGERS: Record<string, string> = { scheduled: 'Scheduled', manual: 'Manual', api: 'API', retry: 'Retry' };

/** How a run was started, and by whom. */
export function triggerOf(run: Pick<Run, 'execution_type' | 'triggered_by'>): string {
  const how = TRIGGERS[run.execution_type] ?? run.execution_type;
  return run.triggered_by && run.execution_type !== 'scheduled' ? `${how} · ${run.triggered_by}` : how;
}

/** Runs as a table, newest first: status (linked to the run), optionally the flow, trigger, start, duration, VMs, data. */
export function RunTable({
  runs,
  isPending,
  showFlow,
  empty,
  label,
}: {
  runs: Run[];
  isPending: boolean;
  showFlow?: boolean;
  empty: ReactNode;
  label: string;
}) {
  const columns = showFlow ? 7 : 6;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{label}</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            {showFlow && <th scope="col">Flow</th>}
            <th scope="col">Trigger</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">VMs ok / failed</th>
            <th scope="col">Transferred</th>
          </tr>
        </thead>
        <tbody>
          {isPending && <SkeletonRows columns={columns} rows={3} />}
          {!isPending && runs.length === 0 && <EmptyRow columns={columns}>{empty}</EmptyRow>}
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <Link
                  to={`/executions/${run.id}`}
                  aria-label={`Execution of ${run.flow_name ?? 'a deleted flow'}, ${run.status}, started ${run.started_at ?? run.created_at}`}
                >
                  <RunBadge status={run.status} cancelling={isCancelling(run)} />
                </Link>
              </td>
              {showFlow && (
                <td className="cell-name">
                  {run.flow_name ? (
                    <Link to={`/flows/${run.flow_id}`}>
                      <Truncated text={run.flow_name} />
                    </Link>
                  ) : (
                    <span className="muted">deleted flow</span>
                  )}
                </td>
              )}
              <td className="nowrap">{triggerOf(run)}</td>
              <td className="nowrap">
                <Time value={run.started_at ?? run.created_at} short />
              </td>
              <td className="nowrap">{formatDuration(run.execution_time_seconds ?? secondsBetween(run.started_at, run.completed_at))}</td>
              <td className="num">{`${run.jobs_completed} / ${run.jobs_failed}`}</td>
              <td className="num">
                <Bytes value={run.bytes_transferred} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
