import { RecordName, Description } from '../../common/field-rules';
import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsISO8601, IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { CATCHUP_POLICIES, CatchupPolicy } from '../schedule.entity';

export class CreateScheduleDto {
  @RecordName()
  name!: string;

  @Description()
  description?: string | null;

  /** 5 fields, 6 fields (seconds first), or @hourly / @daily / @weekly / @monthly / @yearly. */
  @IsString()
  @Length(1, 255)
  cron_expression!: string;

  /** IANA time zone the expression is read in. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  timezone?: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Skip an occurrence while the flow is still running (otherwise it waits for the run to end). */
  @IsOptional()
  @IsBoolean()
  skip_if_running?: boolean;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  retry_attempts?: number;

  /** 0 retries at once. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1440)
  retry_delay_minutes?: number;

  @ApiProperty({ enum: CATCHUP_POLICIES, enumName: 'CatchupPolicy', required: false })
  @IsOptional()
  @IsIn(CATCHUP_POLICIES)
  catchup_policy?: CatchupPolicy;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10080)
  catchup_window_minutes?: number;
}

export class UpdateScheduleDto extends PartialType(CreateScheduleDto) {}

export class ListSchedulesQuery extends PaginationQuery {}

export class NextRunsQuery {
  /** How many occurrences (1–100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  count?: number = 5;

  /** Runs after this time (ISO 8601; default now): what a clock-change night or a leap day will bring. */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
}

/** An expression not saved yet, for a preview of its run times. */
export class PreviewRunsQuery extends NextRunsQuery {
  @IsString()
  @MaxLength(255)
  cron_expression!: string;

  /** IANA time zone (default UTC). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timezone?: string;
}

export class PreviewRunsResponse {
  cron_expression!: string;
  timezone!: string;
  /** Upcoming occurrences as ISO-8601 UTC strings. */
  next_runs!: string[];
}

export class ScheduleResponse {
  id!: string;
  name!: string;
  description!: string | null;
  cron_expression!: string;
  timezone!: string;
  enabled!: boolean;
  skip_if_running!: boolean;
  retry_attempts!: number;
  retry_delay_minutes!: number;
  @ApiProperty({ enum: CATCHUP_POLICIES, enumName: 'CatchupPolicy' })
  catchup_policy!: CatchupPolicy;
  catchup_window_minutes!: number;
  created_at!: Date;
  updated_at!: Date;
}

export class ScheduleListResponse {
  schedules!: ScheduleResponse[];
  total!: number;
}

export class NextRunsResponse {
  schedule_id!: string;
  cron_expression!: string;
  timezone!: string;
  /** Upcoming occurrences as ISO-8601 UTC strings. */
  next_runs!: string[];
}
