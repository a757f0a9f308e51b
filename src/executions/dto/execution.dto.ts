import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PaginationQuery } from '../../common/pagination.dto';
import { EXECUTION_STATUSES, EXECUTION_TYPES, ExecutionStatus, ExecutionType } from '../flow-execution.entity';

export class ListFlowExecutionsQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: EXECUTION_STATUSES, enumName: 'ExecutionStatus' })
  @IsOptional()
  @IsIn(EXECUTION_STATUSES)
  status?: ExecutionStatus;
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
  @ApiProperty({ type: 'object', additionalProperties: {}, nullable: true })
  execution_metadata!: Record<string, unknown> | null;
  /** Every backup id this execution created. */
  created_job_ids!: string[];
  @ApiProperty({ type: String, nullable: true })
  schedule_execution_id!: string | null;
  created_at!: Date;
  @ApiProperty({ type: String, nullable: true })
  triggered_by!: string | null;
}

export class ExecutionListResponse {
  executions!: ExecutionResponse[];
  /** Every matching execution, not just this page. */
  total!: number;
}
