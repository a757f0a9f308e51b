import type { Schemas } from '../api';
import { Skeleton } from '../components/feedback';
import { Link } from '../router';

/** "Sun 6 Dec (Europe/Berlin)": the day the summary's "today" is. */
const dayName = (day: Schemas['SummaryDay']) =>
  `${new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${day.date}T00:00:00Z`))} (${day.timezone})`;

/** The flows' counts and today's runs, "today" being the viewer's day, named; the run counts link to those runs. */
export function SummaryCards({ summary: s }: { summary: Schemas['FlowSummaryResponse'] | undefined }) {
  const cards: Array<[string, number | undefined, string | undefined, string?]> = [
    ['Flows', s?.total_flows, undefined],
    ['Enabled', s?.enabled_flows, undefined],
    ['Disabled', s?.disabled_flows, undefined],
    ['Runs today', s?.total_executions_today, '/executions'],
    ['Failed today', s?.failed_executions_today, '/executions?status=failed', s && s.failed_executions_today > 0 ? 'card-error' : undefined],
    ['Running now', s?.running_executions, '/executions?status=running', s && s.running_executions > 0 ? 'card-running' : undefined],
  ];
  return (
    <section className="cards" aria-label="Summary">
      {cards.map(([label, value, to, tone]) => (
        <div key={label} className={`card stat ${tone ?? ''}`}>
          <div className="stat-label">{label}</div>
          <div className="stat-value">
            {value === undefined ? <Skeleton width="2em" /> : to ? <Link to={to}>{value.toLocaleString()}</Link> : value.toLocaleString()}
          </div>
        </div>
      ))}
      <p className="cards-note muted small">{s ? `“Today” is ${dayName(s.today)}, counted from local midnight.` : ''}</p>
    </section>
  );
}
