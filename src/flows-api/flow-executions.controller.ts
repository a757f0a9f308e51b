import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { RequestId } from '../common/request-id.decorator';
import {
  ExecutionDetailResponse,
  ExecutionEventListResponse,
  ExecutionListResponse,
  ExecutionResponse,
  GetExecutionQuery,
  ListExecutionEventsQuery,
  ListExecutionsQuery,
} from '../executions/dto/execution.dto';
import { ExecutionsService } from '../executions/executions.service';

/** Every /flow-executions route: runs of every flow, one run with its jobs, its job log, cancelling it. */
@ApiTags('executions')
@Controller('flow-executions')
export class FlowExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  /** Executions of every flow, newest first, with live counters while active: `?status=running` is everything running now. */
  @Get()
  @ApiErrors(400)
  listExecutions(@Query() query: ListExecutionsQuery): Promise<ExecutionListResponse> {
    return this.executions.listAll(query.status, pageOf(query));
  }

  @Get(':id')
  @ApiErrors(400, 404)
  getFlowExecution(@Param('id') id: string, @Query() query: GetExecutionQuery): Promise<ExecutionDetailResponse> {
    return this.executions.detail(id, { limit: query.jobs_limit ?? 100, offset: query.jobs_offset ?? 0 });
  }

  @Get(':id/events')
  @ApiErrors(400, 404)
  async listFlowExecutionEvents(@Param('id') id: string, @Query() query: ListExecutionEventsQuery): Promise<ExecutionEventListResponse> {
    const { items, total } = await this.executions.eventsOf(id, pageOf(query));
    return { events: items, total };
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiErrors(404, 409)
  cancelFlowExecution(@Param('id') id: string, @RequestId() requestId?: string): Promise<ExecutionResponse> {
    return this.executions.cancel(id, requestId);
  }
}
