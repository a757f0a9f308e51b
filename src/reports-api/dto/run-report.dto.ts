import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional } from 'class-validator';
import { TimeZoneQuery } from '../../common/query-lists';
import { BucketSize } from '../report-buckets';

export class RunReportQuery {
  /** Start of the range (ISO 8601; default: 7 days before `to`). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** End of the range, exclusive (ISO 8601; default: now). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  /** `hour` or `day` (default: hour for ranges up to 2 days, day beyond). Hours are allowed up to 7 days. */
  @ApiPropertyOptional({ enum: ['hour', 'day'], enumName: 'ReportBucket' })
  @IsOptional()
  @IsIn(['hour', 'day'])
  bucket?: BucketSize;

  /** The IANA zone whose hours and days the buckets follow (default UTC), e.g. Europe/Berlin. */
  @TimeZoneQuery()
  tz?: string;
}

/** Runs by how they ended (running: not ended yet). */
export class RunCounts {
  total!: number;
  success!: number;
  /** Some VMs failed; the flow counts the run failed. */
  warning!: number;
  /** Every VM failed (or the run could not start its VMs). */
  error!: number;
  cancelled!: number;
  running!: number;
}

export class RunBucket {
  /** Local to the report's zone: '2026-12-06' (day) or '2026-12-06 14:00' (hour). */
  label!: string;
  @ApiProperty({ type: String, format: 'date-time' })
  start!: Date;
  @ApiProperty({ type: String, format: 'date-time' })
  end!: Date;
  runs!: RunCounts;
  /** Bytes the runs created in this bucket transferred (runs still going count when they end). */
  bytes_transferred!: number;
  vms_backed_up!: number;
  vms_failed!: number;
}

export class RunTotals extends RunCounts {
  /** Successful runs of the ended ones that succeeded or failed (0–1); null when none ended. */
  @ApiProperty({ type: Number, nullable: true })
  success_rate!: number | null;
  bytes_transferred!: number;
  vms_backed_up!: number;
  vms_failed!: number;
}

/** A flow's ended runs in the range: how long they took. */
export class FlowRunDurations {
  flow_id!: string;
  /** Null when the flow was deleted. */
  @ApiProperty({ type: String, nullable: true })
  flow_name!: string | null;
  runs!: number;
  average_duration_seconds!: number;
  longest_duration_seconds!: number;
  bytes_transferred!: number;
  /** Bytes per second over the flow's runs in the range (transferred ÷ run time); null when nothing moved. */
  @ApiProperty({ type: Number, nullable: true })
  throughput_bytes_per_second!: number | null;
}

export class RunReportResponse {
  @ApiProperty({ type: String, format: 'date-time' })
  from!: Date;
  @ApiProperty({ type: String, format: 'date-time' })
  to!: Date;
  @ApiProperty({ enum: ['hour', 'day'], enumName: 'ReportBucket' })
  bucket!: BucketSize;
  timezone!: string;
  /** Every bucket of the range, oldest first, empty ones included. */
  buckets!: RunBucket[];
  totals!: RunTotals;
  /** The 20 flows with the longest average run time in the range, longest first. */
  flows!: FlowRunDurations[];
}
