import { ApiProperty } from '@nestjs/swagger';
import { TimeZoneQuery } from '../../common/query-lists';

export class FlowSummaryQuery {
  /** The IANA zone whose day "today" is (default UTC), e.g. the viewer's Europe/Berlin. */
  @TimeZoneQuery()
  tz?: string;
}

/** Which day the `…_today` counts cover. */
export class SummaryDay {
  /** The local date, e.g. 2026-12-06. */
  date!: string;
  timezone!: string;
  /** Local midnight of that day, as an instant. */
  @ApiProperty({ type: String, format: 'date-time' })
  since!: Date;
}

export class FlowSummaryResponse {
  total_flows!: number;
  enabled_flows!: number;
  disabled_flows!: number;
  backup_flows!: number;
  replication_flows!: number;
  running_executions!: number;
  /** Executions created since local midnight of `today` (the zone asked for, default UTC). */
  total_executions_today!: number;
  /** Of those, the ones that ended `success`. */
  successful_executions_today!: number;
  /** Of those, the ones that ended `error` or `warning` (some VM not backed up) — the same rule as a flow's failed_executions. Cancelled runs count as neither. */
  failed_executions_today!: number;
  /** Scheduled occurrences skipped (overlap, disabled) or missed since local midnight of `today`. */
  skipped_runs_today!: number;
  /** The day the `…_today` counts cover. */
  today!: SummaryDay;
}
