import { Injectable } from '@nestjs/common';
import { badRequest } from '../common/api-error';
import { FlowRunDurations, RunBucket, RunCounts, RunReportQuery, RunReportResponse, RunTotals } from './dto/run-report.dto';
import { BucketSize, bucketsOf } from './report-buckets';
import { QuarterRow, RunReportRepository } from './run-report.repository';

const DAY_MS = 86_400_000;
/** The longest range a report covers, and the longest with hourly buckets. */
const MAX_RANGE_DAYS = 92;
const MAX_HOURLY_DAYS = 7;
const SLOWEST_FLOWS = 20;

const noRuns = (): RunCounts => ({ total: 0, success: 0, warning: 0, error: 0, cancelled: 0, running: 0 });

/** Runs per hour or day of a zone, by result, with data moved and the slowest flows: what the console's trends draw. */
@Injectable()
export class RunReports {
  constructor(private readonly report: RunReportRepository) {}

  async runs(query: RunReportQuery, now = new Date()): Promise<RunReportResponse> {
    const { from, to, bucket, timezone } = rangeOf(query, now);
    const [quarters, durations] = await Promise.all([this.report.byQuarterHour(from, to), this.report.durationsByFlow(from, to, SLOWEST_FLOWS)]);
    const { buckets: ranges, indexOfQuarter } = bucketsOf(from, to, bucket, timezone);
    const buckets: RunBucket[] = ranges.map((range) => ({ ...range, runs: noRuns(), bytes_transferred: 0, vms_backed_up: 0, vms_failed: 0 }));
    for (const row of quarters) {
      const index = indexOfQuarter.get(row.quarter);
      if (index !== undefined) addTo(buckets[index], row);
    }
    const flows: FlowRunDurations[] = durations.map((row) => ({
      flow_id: row.flow_id,
      flow_name: row.flow_name,
      runs: row.runs,
      average_duration_seconds: Math.round(row.average),
      longest_duration_seconds: row.longest,
      bytes_transferred: row.bytes,
      throughput_bytes_per_second: row.seconds > 0 && row.bytes > 0 ? Math.round(row.bytes / row.seconds) : null,
    }));
    return { from, to, bucket, timezone, buckets, totals: totalsOf(buckets), flows };
  }
}

function rangeOf(query: RunReportQuery, now: Date): { from: Date; to: Date; bucket: BucketSize; timezone: string } {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * DAY_MS);
  const timezone = query.tz ?? 'UTC';
  if (from >= to) throw badRequest('"From" must be before "to"', [{ field: 'from', problems: ['must be before "to"'] }]);
  const days = (to.getTime() - from.getTime()) / DAY_MS;
  if (days > MAX_RANGE_DAYS)
    throw badRequest(`A report covers at most ${MAX_RANGE_DAYS} days; shorten the range`, [
      { field: 'from', problems: [`is more than ${MAX_RANGE_DAYS} days before "to"`] },
    ]);
  const bucket = query.bucket ?? (days <= 2 ? 'hour' : 'day');
  if (bucket === 'hour' && days > MAX_HOURLY_DAYS)
    throw badRequest(`Hourly buckets cover at most ${MAX_HOURLY_DAYS} days; use bucket=day or a shorter range`, [
      { field: 'bucket', problems: [`hour needs a range of ${MAX_HOURLY_DAYS} days or less`] },
    ]);
  return { from, to, bucket, timezone };
}

function addTo(bucket: RunBucket, row: QuarterRow): void {
  const status = row.status === 'pending' ? 'running' : (row.status as keyof RunCounts);
  if (status in bucket.runs) bucket.runs[status] += row.runs;
  bucket.runs.total += row.runs;
  bucket.bytes_transferred += row.bytes;
  bucket.vms_backed_up += row.completed;
  bucket.vms_failed += row.failed;
}

function totalsOf(buckets: RunBucket[]): RunTotals {
  const totals: RunTotals = { ...noRuns(), success_rate: null, bytes_transferred: 0, vms_backed_up: 0, vms_failed: 0 };
  for (const bucket of buckets) {
    for (const key of Object.keys(bucket.runs) as Array<keyof RunCounts>) totals[key] += bucket.runs[key];
    totals.bytes_transferred += bucket.bytes_transferred;
    totals.vms_backed_up += bucket.vms_backed_up;
    totals.vms_failed += bucket.vms_failed;
  }
  const decided = totals.success + totals.warning + totals.error;
  totals.success_rate = decided > 0 ? Math.round((totals.success / decided) * 1000) / 1000 : null;
  return totals;
}
