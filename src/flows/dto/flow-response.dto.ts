import { ApiProperty } from '@nestjs/swagger';
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
  /** The zone the schedule's times are in (its cron fields are read in it), e.g. Europe/Berlin. */
  @ApiProperty({ type: String, nullable: true })
  schedule_timezone!: string | null;
}

export class FlowListResponse {
  flows!: FlowResponse[];
  /** Every flow matching the filters, not just this page. */
  total!: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  next_cursor!: string | null;
}
