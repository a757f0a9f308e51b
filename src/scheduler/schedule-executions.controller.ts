import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { FlowsService } from '../flows/flows.service';
import { ListScheduleExecutionsQuery, ScheduleExecutionListResponse } from './dto/schedule-execution.dto';
import { OccurrenceRepository } from './occurrence.repository';

@ApiTags('protection-flows')
@Controller('protection-flows')
export class ScheduleExecutionsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly occurrences: OccurrenceRepository,
  ) {}

  /** Every occurrence of the flow's schedule, newest first, with its outcome. */
  @Get(':id/schedule-executions')
  @ApiErrors(400, 404)
  async listFlowScheduleExecutions(@Param('id') flowId: string, @Query() query: ListScheduleExecutionsQuery): Promise<ScheduleExecutionListResponse> {
    await this.flows.get(flowId);
    const { items, total } = await this.occurrences.list(flowId, pageOf(query));
    return { schedule_executions: items.map(({ schedule: _s, flow: _f, ...row }) => row), total };
  }
}
