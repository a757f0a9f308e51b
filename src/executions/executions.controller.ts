import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor, ACTOR_HEADER } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { RequestId } from '../common/request-id.decorator';
import {
  ExecuteFlowRequest,
  ExecutionDetailResponse,
  ExecutionEventListResponse,
  ExecutionListResponse,
  ExecutionResponse,
  GetExecutionQuery,
  ListExecutionEventsQuery,
  ListExecutionsQuery,
  ListFlowExecutionsQuery,
  TelemetryAccepted,
  TelemetryPush,
} from './dto/execution.dto';
import { CreateFlowRequest } from '../flows/dto/flow.dto';
import { FlowTestResponse } from './dto/flow-test.dto';
import { ExecutionLauncher } from './execution-launcher.service';
import { toExecutionResponse } from './execution-views';
import { ExecutionsService } from './executions.service';
import { FlowDryRun } from './flow-dry-run.service';
import { JobTracker } from './job-tracker.service';

@ApiTags('executions')
@Controller()
export class ExecutionsController {
  constructor(
    private readonly executions: ExecutionsService,
    private readonly launcher: ExecutionLauncher,
    private readonly dryRun: FlowDryRun,
    private readonly tracker: JobTracker,
  ) {}

  /** Starts a run now; 409/422 with the same reasons the dry run (POST …/test) reports. */
  @Post('protection-flows/:id/execute')
  @HttpCode(202)
  @ApiHeader({ name: ACTOR_HEADER, required: false, description: 'Recorded as triggered_by (default: system)' })
  @ApiBody({ type: ExecuteFlowRequest, required: false })
  @ApiErrors(400, 404, 409, 422)
  async executeFlow(
    @Param('id') flowId: string,
    @Body() dto: ExecuteFlowRequest,
    @Actor() actor: string,
    @RequestId() requestId?: string,
  ): Promise<ExecutionResponse> {
    const { execution, flow } = await this.launcher.launch({ flowId, executionType: dto.execution_type ?? 'manual', triggeredBy: actor, requestId });
    return toExecutionResponse(execution, flow.name);
  }

  /** Dry run of a flow not saved yet: what it would run if created as given (400/422 for invalid fields, as a create). */
  @Post('protection-flows/test')
  @HttpCode(200)
  @ApiErrors(400, 422, 503)
  testFlowDraft(@Body() dto: CreateFlowRequest): Promise<FlowTestResponse> {
    return this.dryRun.testDraft(dto);
  }

  /** Resolves what a run would do and starts nothing; `valid` is false exactly when execute would refuse. */
  @Post('protection-flows/:id/test')
  @HttpCode(200)
  @ApiErrors(404, 503)
  testFlow(@Param('id') id: string): Promise<FlowTestResponse> {
    return this.dryRun.test(id);
  }

  @Get('protection-flows/:id/executions')
  @ApiErrors(400, 404)
  async listFlowExecutions(@Param('id') flowId: string, @Query() query: ListFlowExecutionsQuery): Promise<ExecutionListResponse> {
    return this.executions.listForFlow(flowId, query.status, pageOf(query));
  }

  /** Executions of every flow, newest first, with live counters while active: `?status=running` is everything running now. */
  @Get('flow-executions')
  @ApiErrors(400)
  async listExecutions(@Query() query: ListExecutionsQuery): Promise<ExecutionListResponse> {
    return this.executions.listAll(query.status, pageOf(query));
  }

  @Get('flow-executions/:id')
  @ApiErrors(400, 404)
  getFlowExecution(@Param('id') id: string, @Query() query: GetExecutionQuery): Promise<ExecutionDetailResponse> {
    return this.executions.detail(id, { limit: query.jobs_limit ?? 100, offset: query.jobs_offset ?? 0 });
  }

  @Get('flow-executions/:id/events')
  @ApiErrors(400, 404)
  async listFlowExecutionEvents(@Param('id') id: string, @Query() query: ListExecutionEventsQuery): Promise<ExecutionEventListResponse> {
    const { items, total } = await this.executions.eventsOf(id, pageOf(query));
    return { events: items, total };
  }

  @Post('flow-executions/:id/cancel')
  @HttpCode(200)
  @ApiErrors(404, 409)
  cancelFlowExecution(@Param('id') id: string, @RequestId() requestId?: string): Promise<ExecutionResponse> {
    return this.executions.cancel(id, requestId);
  }

  @Post('telemetry/:job_type/:job_id')
  @HttpCode(200)
  @ApiErrors(400, 404)
  pushTelemetry(@Param('job_type') _jobType: string, @Param('job_id') backupId: string, @Body() push: TelemetryPush): Promise<TelemetryAccepted> {
    return this.tracker.telemetry(backupId, {
      status: push.status,
      bytes_transferred: push.bytes_transferred,
      total_bytes: push.total_bytes,
      progress_percent: push.progress_percent,
      current_phase: push.current_phase,
      error_message: push.error?.message,
    });
  }
}
