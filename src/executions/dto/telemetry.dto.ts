import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MaxBytes, TEXT_COLUMN_BYTES } from '../../common/size-limits';
import { JobStatus, JOB_STATUSES } from '../execution-job.entity';

export class TelemetryError {
  @IsString()
  @MaxBytes(TEXT_COLUMN_BYTES)
  message!: string;
}

/** A progress push from the backup client (docs/backup-api.md). */
export class TelemetryPush {
  @IsOptional()
  @IsString()
  @MaxLength(255)
  job_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  job_type?: string;

  @ApiProperty({ enum: ['running', 'completed', 'failed'], enumName: 'TelemetryStatus' })
  @IsIn(['running', 'completed', 'failed'])
  status!: 'running' | 'completed' | 'failed';

  @IsOptional()
  @IsString()
  @MaxLength(64)
  current_phase?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  bytes_transferred?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  total_bytes?: number;

  @IsOptional()
  @IsInt()
  transfer_speed_bps?: number;

  @IsOptional()
  @IsInt()
  eta_seconds?: number;

  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(100)
  progress_percent?: number;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: {} } })
  @IsOptional()
  @IsArray()
  disks?: Array<Record<string, unknown>>;

  @IsOptional()
  @ValidateNested()
  @Type(() => TelemetryError)
  error?: TelemetryError;

  @IsOptional()
  @IsString()
  timestamp?: string;
}

export class TelemetryAccepted {
  /** The engine's job row the push was applied to. */
  job_id!: string;
  @ApiProperty({ enum: JOB_STATUSES, enumName: 'JobStatus' })
  status!: JobStatus;
}
