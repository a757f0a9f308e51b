import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor, ACTOR_HEADER } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { RequestId } from '../common/request-id.decorator';
import {
  ExecutionDetailResponse,
  ExecutionEventListResponse,
  executionFilter,
  ExecutionListResponse,
  ExecutionResponse,
  GetExecutionQuery,
  ListExecutionEventsQuery,
  ListExecutionsQuery,
} from '../executions/dto/execution.dto';
import { ExecutionRetry } from '../executions/execution-retry.service';
import { toExecutionResponse } from '../executions/execution-views';
import { ExecutionsService } from '../executions/executions.service';

/** Every /flow-executions route: runs of every flow, one run with its jobs, its job log, retrying its failed VMs, cancelling it. */
@ApiTags('executions')
@Controller('flow-executions')
export class FlowExecutionsController {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly retries: ExecutionRetry,
  ) {}

  /** Executions of every flow, newest first, with live counters while active: `?status=running` is everything running now. */
  @Get()
  @ApiErrors(400)
  listExecutions(@Query() query: ListExecutionsQuery): Promise<ExecutionListResponse> {
    return this.executions.list(executionFilter(query), pageOf(query));
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

  /** A new run (trigger `retry`, linked by retry_of_execution_id) of only the VMs whose jobs failed or were cancelled; 409 when none did or the flow is running. */
  @Post(':id/retry')
  @HttpCode(202)
  @ApiHeader({ name: ACTOR_HEADER, required: false, description: 'Recorded as triggered_by (default: system)' })
  @ApiErrors(404, 409, 422)
  async retryFlowExecution(@Param('id') id: string, @Actor() actor: string, @RequestId() requestId?: string): Promise<ExecutionResponse> {
    const { execution, flowName } = await this.retries.retry(id, actor, requestId);
    return toExecutionResponse(execution, flowName);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiErrors(404, 409)
  cancelFlowExecution(@Param('id') id: string, @RequestId() requestId?: string): Promise<ExecutionResponse> {
    return this.executions.cancel(id, requestId);
  }
}
