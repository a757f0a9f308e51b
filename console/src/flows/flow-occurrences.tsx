import { useState } from 'react';
import { $api } from '../api';
import { Pager } from '../components/controls';
import { EmptyRow, ErrorBanner, SkeletonRows } from '../components/feedback';
import { StatusBadge } from '../components/status';
import { Time } from '../components/values';
import { Link } from '../router';

const PAGE = 10;

/** The flow's schedule occurrences, newest first, with what became of each. */
export function FlowOccurrences({ flowId }: { flowId: string }) {
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
      <Pager total={list.data?.total ?? 0} limit={PAGE} offset={offset} onChange={setOffset} noun="occurrence" />
    </section>
  );
}
