import { useState } from 'react';
import { $api, type Schemas } from '../api';
import { Pager } from '../components/controls';
import { EmptyRow, ErrorBanner, SkeletonRows } from '../components/feedback';
import { Time } from '../components/values';

type RunEvent = Schemas['ExecutionEventResponse'];
const EVENTS_PAGE = 50;

/** A log line, or one VM's progress lines of this page folded into one ("at 25% → 50% → 75%"). */
interface LogRow {
  key: string;
  at: string;
  level: string;
  step: string;
  message: string;
}

/** Progress lines say little one by one: each VM's are folded into the row of its first, showing its latest time. */
export function foldProgress(events: RunEvent[]): LogRow[] {
  const rows: LogRow[] = [];
  const progressOf = new Map<string, { row: LogRow; steps: string[] }>();
  for (const event of events) {
    const vm = typeof event.data?.vm_name === 'string' ? event.data.vm_name : null;
    const percent = event.data?.progress_percent;
    if (event.step !== 'progress' || !vm) {
      rows.push({ key: String(event.id), at: String(event.at), level: event.level, step: event.step, message: event.message });
      continue;
    }
    const step = typeof percent === 'number' ? `${Math.round(percent)}%` : event.message;
    const folded = progressOf.get(vm);
    if (folded) {
      folded.steps.push(step);
      folded.row.at = String(event.at);
      folded.row.message = `${vm} at ${folded.steps.join(' → ')}`;
    } else {
      const row = { key: String(event.id), at: String(event.at), level: event.level, step: 'progress', message: `${vm} at ${step}` };
      progressOf.set(vm, { row, steps: [step] });
      rows.push(row);
    }
  }
  return rows;
}

/** The run's job log, oldest first, a page at a time; live while the run is. */
export function EventLog({ executionId, live }: { executionId: string; live: boolean }) {
  const [offset, setOffset] = useState(0);
  const events = $api.useQuery(
    'get',
    '/api/v1/flow-executions/{id}/events',
    { params: { path: { id: executionId }, query: { limit: EVENTS_PAGE, offset } } },
    { refetchInterval: live ? 5_000 : false, placeholderData: (p) => p },
  );
  const rows = foldProgress(events.data?.events ?? []);
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
            {rows.map((row) => (
              <tr key={row.key}>
                <td className="nowrap">
                  <Time value={row.at} relative={false} />
                </td>
                <td>
                  <span className={`level level-${row.level}`}>{row.level}</span>
                </td>
                <td className="mono small">{row.step}</td>
                <td>{row.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager total={events.data?.total ?? 0} limit={EVENTS_PAGE} offset={offset} onChange={setOffset} noun="event" />
    </section>
  );
}
