import { MAX_OFFSET } from '../../common/size-limits';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EnumListQuery } from '../../common/query-lists';
import { badRequest } from '../../common/api-error';
import type { ExecutionFilter } from '../execution-read.repository';
import { CursorPaginationQuery, PaginationQuery } from '../../common/pagination.dto';
import { ExecutionMetadata } from '../execution-metadata';
import { EVENT_LEVELS, EventLevel } from '../execution-event.entity';
import { JOB_STATUSES, JobStatus } from '../execution-job.entity';
import { EXECUTION_STATUSES, EXECUTION_TYPES, ExecutionStatus, ExecutionType } from '../flow-execution.entity';

export class ListFlowExecutionsQuery extends CursorPaginationQuery {
  @EnumListQuery(EXECUTION_STATUSES, 'ExecutionStatus', 'Only executions in these statuses')
  status?: ExecutionStatus[];

  @EnumListQuery(EXECUTION_TYPES, 'ExecutionType', 'Only executions started this way (scheduled, manual, api, retry)')
  execution_type?: ExecutionType[];

  /** Only executions created at or after this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Only executions created before this time (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** The plan an execution fixed when its VMs were resolved (see ExecutionMetadata). */
export class ExecutionMetadataResponse implements ExecutionMetadata {
  /** The job rows exist, one per VM. */
  jobs_resolved!: boolean;
  retry_attempts!: number;
  retry_delay_minutes!: number;
  /** Runs sharing this key share max_concurrent (a group's VMs across all its runs). */
  limit_key?: string;
  max_concurrent?: number;
  @ApiPropertyOptional({ type: Number, nullable: true })
  repository_id?: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  repository_external_id?: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true })
  policy_id?: number | null;
  /** A retry: only these VMs of the target. */
  only_vm_context_ids?: string[];
  /** When a cancel was requested (ISO time). */
  cancel_requested_at?: string;
  /** Why the target gave no VMs, when it was deleted. */
  target_problem?: string;
}

export class ExecutionResponse {
  id!: string;
  flow_id!: string;
  /** The flow's name (null if the flow was deleted meanwhile). */
  @ApiProperty({ type: String, nullable: true })
  flow_name!: string | null;
  @ApiProperty({ enum: EXECUTION_STATUSES, enumName: 'ExecutionStatus' })
  status!: ExecutionStatus;
  @ApiProperty({ enum: EXECUTION_TYPES, enumName: 'ExecutionType' })
  execution_type!: ExecutionType;
  jobs_created!: number;
  jobs_completed!: number;
  jobs_failed!: number;
  jobs_skipped!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed_at!: Date | null;
  @ApiProperty({ type: Number, nullable: true })
  execution_time_seconds!: number | null;
  vms_processed!: number;
  bytes_transferred!: number;
  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;
  @ApiProperty({ type: ExecutionMetadataResponse, nullable: true })
  execution_metadata!: ExecutionMetadataResponse | null;
  /** Every backup id this execution created. */
  created_job_ids!: string[];
  @ApiProperty({ type: String, nullable: true })
  schedule_execution_id!: string | null;
  created_at!: Date;
  @ApiProperty({ type: String, nullable: true })
  triggered_by!: string | null;
  /** A retry (execution_type `retry`): the execution whose failed VMs it runs again. */
  @ApiProperty({ type: String, nullable: true })
  retry_of_execution_id!: string | null;
}

export class ListExecutionsQuery extends ListFlowExecutionsQuery {
  /** Only this flow's executions. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  flow_id?: string;
}

export class ExecutionListResponse {
  executions!: ExecutionResponse[];
  /** Every matching execution, not just this page. */
  total!: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  next_cursor!: string | null;
}

export class ExecuteFlowRequest {
  /** `api` for integrations; the default is `manual`. */
  @ApiPropertyOptional({ enum: ['manual', 'api'], enumName: 'OnDemandExecutionType' })
  @IsOptional()
  @IsIn(['manual', 'api'])
  execution_type?: 'manual' | 'api';
}

export class ExecutionJobResponse {
  id!: string;
  execution_id!: string;
  vm_context_id!: string;
  vm_name!: string;
  @ApiProperty({ enum: ['full', 'incremental'], enumName: 'BackupType', nullable: true })
  backup_type!: 'full' | 'incremental' | null;
  @ApiProperty({ enum: JOB_STATUSES, enumName: 'JobStatus' })
  status!: JobStatus;
  attempt!: number;
  @ApiProperty({ type: String, nullable: true })
  backup_job_id!: string | null;
  bytes_transferred!: number;
  @ApiProperty({ type: Number, nullable: true })
  total_bytes!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  progress_percent!: number | null;
  @ApiProperty({ type: String, nullable: true })
  current_phase!: string | null;
  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  queued_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  started_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed_at!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_update_at!: Date | null;
}

/** How many of the execution's jobs are in each status. */
export class JobCountsByStatus {
  queued!: number;
  starting!: number;
  running!: number;
  completed!: number;
  failed!: number;
  skipped!: number;
  cancelled!: number;
}

export class ExecutionDetailResponse extends ExecutionResponse {
  /** One row per VM, in dispatch order: the page chosen by jobs_limit and jobs_offset. */
  jobs!: ExecutionJobResponse[];
  /** Every job of the execution, not just this page. */
  jobs_total!: number;
  job_counts!: JobCountsByStatus;
}

export class GetExecutionQuery {
  /** Jobs per page (1–1000, default 100). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  jobs_limit?: number = 100;

  /** Jobs to skip (at most 10,000,000). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_OFFSET)
  jobs_offset?: number = 0;
}

export class ExecutionEventResponse {
  id!: number;
  execution_id!: string;
  at!: Date;
  @ApiProperty({ enum: EVENT_LEVELS, enumName: 'EventLevel' })
  level!: EventLevel;
  step!: string;
  message!: string;
  @ApiProperty({ type: 'object', additionalProperties: {}, nullable: true })
  data!: Record<string, unknown> | null;
}

export class ExecutionEventListResponse {
  events!: ExecutionEventResponse[];
  total!: number;
}

export class ListExecutionEventsQuery extends PaginationQuery {}

/** A list query as the read repository's filter; 400 when the time range is upside down. */
export function executionFilter(query: ListFlowExecutionsQuery & { flow_id?: string }): ExecutionFilter {
  const from = query.from === undefined ? undefined : new Date(query.from);
  const to = query.to === undefined ? undefined : new Date(query.to);
  if (from && to && from >= to) throw badRequest('"From" must be before "to"', [{ field: 'from', problems: ['must be before "to"'] }]);
  return { flow_id: query.flow_id, status: query.status, execution_type: query.execution_type, from, to };
}
