import { ApiProperty } from '@nestjs/swagger';
import { PaginationQuery } from '../../common/pagination.dto';
import { OCCURRENCE_OUTCOMES, OccurrenceOutcome } from '../schedule-execution.entity';

export class ListScheduleExecutionsQuery extends PaginationQuery {}

/** One occurrence of a flow's schedule and what became of it. */
export class ScheduleExecutionResponse {
  id!: string;
  @ApiProperty({ type: String, nullable: true })
  schedule_id!: string | null;
  flow_id!: string;
  /** The occurrence time. */
  scheduled_at!: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  fired_at!: Date | null;
  @ApiProperty({ enum: OCCURRENCE_OUTCOMES, enumName: 'OccurrenceOutcome' })
  outcome!: OccurrenceOutcome;
  @ApiProperty({ type: String, nullable: true })
  flow_execution_id!: string | null;
}

export class ScheduleExecutionListResponse {
  schedule_executions!: ScheduleExecutionResponse[];
  total!: number;
}
