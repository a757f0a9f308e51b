import { $api, type Schemas } from '../api';
import { Choice } from '../components/choice';
import { ErrorBanner, Skeleton } from '../components/feedback';
import { PageHeader } from '../components/layout';
import { formatBytes, formatDuration, plural, viewerZone } from '../format';
import { useLocation } from '../router';
import { BarList, ColumnChart, type Series } from './charts';

const RANGES: Record<string, { label: string; days: number; bucket: 'hour' | 'day' }> = {
  '24h': { label: 'Last 24 hours', days: 1, bucket: 'hour' },
  '7d': { label: 'Last 7 days', days: 7, bucket: 'day' },
  '30d': { label: 'Last 30 days', days: 30, bucket: 'day' },
};

const RESULTS: Series[] = [
  { key: 'success', label: 'Succeeded', tone: 'chart-success' },
  { key: 'warning', label: 'Partly failed', tone: 'chart-warning' },
  { key: 'error', label: 'Failed', tone: 'chart-error' },
  { key: 'cancelled', label: 'Cancelled', tone: 'chart-cancelled' },
  { key: 'running', label: 'Running', tone: 'chart-running' },
];

/** The range's start: this hour a day ago, or local midnight `days − 1` days ago (whole local days). */
function startOf(days: number, bucket: 'hour' | 'day'): string {
  const start = new Date();
  if (bucket === 'hour') {
    start.setMinutes(0, 0, 0);
    start.setHours(start.getHours() - 23);
  } else {
    start.setHours(0, 0, 0, 0);
    start.setDate(start.getDate() - (days - 1));
  }
  return start.toISOString();
}

/** Trends over 24 hours, 7 or 30 days, in the viewer's zone: runs by result, data moved, the flows that take longest. */
export function TrendsPage() {
  const { query } = useLocation();
  const key = query.get('range') ?? '7d';
  const range = RANGES[key] ?? RANGES['7d'];
  const zone = viewerZone();
  const report = $api.useQuery(
    'get',
    '/api/v1/reports/runs',
    { params: { query: { from: startOf(range.days, range.bucket), bucket: range.bucket, tz: zone } } },
    { refetchInterval: 60_000, placeholderData: (p) => p },
  );
  const r = report.data;
  return (
    <>
      <PageHeader title="Trends" subtitle={`How the runs went over time, in your time zone (${zone}).`} />
      <div className="toolbar">
        <Choice
          label="Period"
          name="range"
          value={key === '7d' ? '' : key}
          all="Last 7 days"
          options={[
            ['24h', 'Last 24 hours'],
            ['30d', 'Last 30 days'],
          ]}
        />
      </div>
      <ErrorBanner error={report.error} />
      {!r ? <Skeleton width="100%" /> : <Report report={r} />}
    </>
  );
}

function Report({ report: r }: { report: Schemas['RunReportResponse'] }) {
  const label = (bucket: Schemas['RunBucket']) => (r.bucket === 'hour' ? bucket.label.slice(11, 16) : bucket.label.slice(5));
  const t = r.totals;
  const rate = t.success_rate === null ? 'no run ended' : `${Math.round(t.success_rate * 100)}% succeeded`;
  const cards: Array<[string, string]> = [
    ['Runs', t.total.toLocaleString()],
    ['Success rate', t.success_rate === null ? '—' : `${Math.round(t.success_rate * 100)}%`],
    ['Failed or partly failed', (t.error + t.warning).toLocaleString()],
    ['Data transferred', formatBytes(t.bytes_transferred)],
    ['VMs backed up / failed', `${t.vms_backed_up.toLocaleString()} / ${t.vms_failed.toLocaleString()}`],
  ];
  return (
    <>
      <section className="cards" aria-label="Totals">
        {cards.map(([name, value]) => (
          <div key={name} className="card stat">
            <div className="stat-label">{name}</div>
            <div className="stat-value">{value}</div>
          </div>
        ))}
      </section>
      <div className="charts">
        <ColumnChart
          title={`Runs per ${r.bucket} by result`}
          summary={`${plural(t.total, 'run')}, ${rate}; ${t.error} failed, ${t.warning} partly failed, ${t.cancelled} cancelled`}
          columns={r.buckets.map((b) => ({ label: label(b), values: { ...b.runs } }))}
          series={RESULTS}
        />
        <ColumnChart
          title={`Data transferred per ${r.bucket}`}
          summary={`${formatBytes(t.bytes_transferred)} in all; most in one ${r.bucket}: ${formatBytes(Math.max(0, ...r.buckets.map((b) => b.bytes_transferred)))}`}
          columns={r.buckets.map((b) => ({ label: label(b), values: { bytes: b.bytes_transferred } }))}
          series={[{ key: 'bytes', label: 'Transferred', tone: 'chart-running' }]}
          format={formatBytes}
        />
        <BarList
          title="Average run time per flow (longest first)"
          summary={
            r.flows.length === 0
              ? 'no run ended in this period'
              : r.flows
                  .slice(0, 5)
                  .map((f) => `${f.flow_name ?? 'deleted flow'} ${formatDuration(f.average_duration_seconds)}`)
                  .join(', ')
          }
          rows={r.flows.map((f) => ({ label: f.flow_name ?? 'deleted flow', value: f.average_duration_seconds }))}
          format={(seconds) => formatDuration(Math.round(seconds))}
        />
      </div>
    </>
  );
}
