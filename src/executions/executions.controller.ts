import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { ExecutionListResponse, ListFlowExecutionsQuery } from './dto/execution.dto';
import { ExecutionsService } from './executions.service';

@ApiTags('executions')
@Controller()
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Get('protection-flows/:id/executions')
  @ApiErrors(400, 404)
  async listFlowExecutions(@Param('id') flowId: string, @Query() query: ListFlowExecutionsQuery): Promise<ExecutionListResponse> {
    const { items, total } = await this.executions.listForFlow(flowId, query.status, pageOf(query));
    return { executions: items, total };
  }
}
