import { JsonSetting, MaxBytes, TEXT_COLUMN_BYTES } from '../../common/size-limits';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CursorPaginationQuery } from '../../common/pagination.dto';
import { AcceptNumericString } from '../../common/validation';
import {
  DESTINATION_TYPES,
  DestinationType,
  FLOW_TYPES,
  FlowType,
  LAST_EXECUTION_STATUSES,
  LastExecutionStatus,
  TARGET_TYPES,
  TargetType,
} from '../protection-flow.entity';

/** Present-but-null is a value here (it clears the field), so only undefined skips validation. */
const unlessUndefined = ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/** The optional fields of a flow; on update, `null` clears them. */
class FlowOptionalFields {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxBytes(TEXT_COLUMN_BYTES)
  description?: string | null;

  /** Required for backup flows. A numeric string ("3") is accepted too. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @AcceptNumericString()
  @IsInt()
  @Min(1)
  repository_id?: number | null;

  /** A numeric string ("3") is accepted too. */
  @ApiPropertyOptional({ type: Number, nullable: true })
  @IsOptional()
  @AcceptNumericString()
  @IsInt()
  @Min(1)
  policy_id?: number | null;

  /** Without a schedule the flow runs only on demand. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  schedule_id?: string | null;

  /** Required for replication flows. */
  @ApiPropertyOptional({ enum: DESTINATION_TYPES, enumName: 'DestinationType', nullable: true })
  @IsOptional()
  @IsIn(DESTINATION_TYPES)
  destination_type?: DestinationType | null;

  @ApiPropertyOptional({ type: 'object', additionalProperties: {}, nullable: true })
  @IsOptional()
  @IsObject()
  @JsonSetting()
  destination_config?: Record<string, unknown> | null;
}

export class CreateFlowRequest extends FlowOptionalFields {
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiProperty({ enum: FLOW_TYPES, enumName: 'FlowType' })
  @IsIn(FLOW_TYPES)
  flow_type!: FlowType;

  @ApiProperty({ enum: TARGET_TYPES, enumName: 'TargetType' })
  @IsIn(TARGET_TYPES)
  target_type!: TargetType;

  /** A VM context id (target_type vm) or a protection group id (target_type group). */
  @IsString()
  @Length(1, 64)
  target_id!: string;

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Any CreateFlowRequest field; `null` clears an optional one (and is refused for the others). */
export class UpdateFlowRequest extends FlowOptionalFields {
  @ApiPropertyOptional()
  @unlessUndefined
  @IsString()
  @Length(1, 255)
  name?: string;

  @ApiPropertyOptional({ enum: FLOW_TYPES, enumName: 'FlowType' })
  @unlessUndefined
  @IsIn(FLOW_TYPES)
  flow_type?: FlowType;

  @ApiPropertyOptional({ enum: TARGET_TYPES, enumName: 'TargetType' })
  @unlessUndefined
  @IsIn(TARGET_TYPES)
  target_type?: TargetType;

  @ApiPropertyOptional()
  @unlessUndefined
  @IsString()
  @Length(1, 64)
  target_id?: string;

  @ApiPropertyOptional()
  @unlessUndefined
  @IsBoolean()
  enabled?: boolean;
}

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ListFlowsQuery extends CursorPaginationQuery {
  @ApiPropertyOptional({ enum: FLOW_TYPES, enumName: 'FlowType' })
  @IsOptional()
  @IsIn(FLOW_TYPES)
  flow_type?: FlowType;

  @ApiPropertyOptional({ enum: TARGET_TYPES, enumName: 'TargetType' })
  @IsOptional()
  @IsIn(TARGET_TYPES)
  target_type?: TargetType;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  enabled?: boolean;

  @IsOptional()
  @IsString()
  @Length(1, 64)
  schedule_id?: string;

  /** Part of the flow name. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  search?: string;

  /** true: only flows whose due occurrence has had no outcome for over 5 minutes; false: only the others. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}

/** The flow's execution in progress, with its counters so far. */
export class RunningExecutionSummary {
  id!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: Date | null;
  jobs_created!: number;
  jobs_completed!: number;
  jobs_failed!: number;
  bytes_transferred!: number;
}

/** A flow's run statistics. */
export class FlowStatus {
  @ApiProperty({ type: String, nullable: true })
  last_execution_id!: string | null;
  @ApiProperty({ enum: LAST_EXECUTION_STATUSES, enumName: 'LastExecutionStatus' })
  last_execution_status!: LastExecutionStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_execution_time!: Date | null;
  /** Null when the flow will not run on its own (disabled, no schedule, or schedule disabled). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  next_execution_time!: Date | null;
  total_executions!: number;
  successful_executions!: number;
  /** Runs that ended `error` or `warning` (not every VM backed up); cancelled runs count as neither. */
  failed_executions!: number;
  /** The flow's due occurrence has had no outcome for over 5 minutes: no replica fired it (scheduler down?). */
  overdue!: boolean;
  /** While a run is in progress: that run and its counters; otherwise null. */
  @ApiProperty({ type: RunningExecutionSummary, nullable: true })
  running_execution!: RunningExecutionSummary | null;
}

export class FlowStatusResponse extends FlowStatus {
  /** The next five scheduled times (ISO UTC); empty when the flow will not run on its own. */
  next_runs!: string[];
}

/** Something that happened to a flow that its operator should know. */
export class FlowNotice {
  /** For example: its schedule was deleted, so it runs on demand only. */
  message!: string;
  at!: Date;
}

export class FlowResponse {
  id!: string;
  name!: string;
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;
  @ApiProperty({ enum: FLOW_TYPES, enumName: 'FlowType' })
  flow_type!: FlowType;
  @ApiProperty({ enum: TARGET_TYPES, enumName: 'TargetType' })
  target_type!: TargetType;
  target_id!: string;
  @ApiProperty({ type: Number, nullable: true })
  repository_id!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  policy_id!: number | null;
  @ApiProperty({ enum: DESTINATION_TYPES, enumName: 'DestinationType', nullable: true })
  destination_type!: DestinationType | null;
  @ApiProperty({ type: 'object', additionalProperties: {}, nullable: true })
  destination_config!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true })
  schedule_id!: string | null;
  enabled!: boolean;
  created_at!: Date;
  updated_at!: Date;
  created_by!: string;
  status!: FlowStatus;
  /** What happened to the flow that needs attention (it lost its schedule or policy); null when nothing. Cleared when it gets one again. */
  @ApiProperty({ type: FlowNotice, nullable: true })
  notice!: FlowNotice | null;
  /** The VM's or group's name; null if the target no longer exists. */
  @ApiProperty({ type: String, nullable: true })
  target_name!: string | null;
  @ApiProperty({ type: String, nullable: true })
  repository_name!: string | null;
  @ApiProperty({ type: String, nullable: true })
  policy_name!: string | null;
  @ApiProperty({ type: String, nullable: true })
  schedule_name!: string | null;
  @ApiProperty({ type: String, nullable: true })
  schedule_cron!: string | null;
}

export class FlowListResponse {
  flows!: FlowResponse[];
  /** Every flow matching the filters, not just this page. */
  total!: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  next_cursor!: string | null;
}

export class BulkFlowsRequest {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 1000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  flow_ids!: string[];
}

export class BulkError {
  flow_id!: string;
  error!: string;
}

export class BulkFlowsResponse {
  @ApiProperty({ enum: ['enable', 'disable', 'delete'], enumName: 'BulkAction' })
  action!: 'enable' | 'disable' | 'delete';
  requested!: number;
  successful!: number;
  failed!: number;
  errors!: BulkError[];
}
