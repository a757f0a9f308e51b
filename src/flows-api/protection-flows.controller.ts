import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor, ACTOR_HEADER } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { RequestId } from '../common/request-id.decorator';
import { ExecuteFlowRequest, executionFilter, ExecutionListResponse, ExecutionResponse, ListFlowExecutionsQuery } from '../executions/dto/execution.dto';
import { FlowTestResponse } from '../executions/dto/flow-test.dto';
import { ExecutionLauncher } from '../executions/execution-launcher.service';
import { toExecutionResponse } from '../executions/execution-views';
import { ExecutionsService } from '../executions/executions.service';
import { FlowDryRun } from '../executions/flow-dry-run.service';
import { CreateFlowRequest, UpdateFlowRequest } from '../flows/dto/flow.dto';
import { BulkFlowsRequest, BulkFlowsResponse, ListFlowsQuery } from '../flows/dto/flow-list.dto';
import { FlowListResponse, FlowResponse, FlowStatusResponse } from '../flows/dto/flow-response.dto';
import { FlowsService } from '../flows/flows.service';
import { ListScheduleExecutionsQuery, ScheduleExecutionListResponse } from '../scheduler/dto/schedule-execution.dto';
import { OccurrenceHistory } from '../scheduler/occurrence-history.service';
import { FlowSummaryQuery, FlowSummaryResponse } from './dto/flow-summary.dto';
import { FlowSummaryService } from './flow-summary.service';
import { FlowViews } from './flow-views.service';

const actorHeader = (recordedAs: string) => ApiHeader({ name: ACTOR_HEADER, required: false, description: `Recorded as ${recordedAs} (default: system)` });

/**
 * Every /protection-flows route: the flows (flows module), their runs (executions) and their
 * schedule's occurrences (scheduler), composed here.
 */
@ApiTags('protection-flows')
@Controller('protection-flows')
export class ProtectionFlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly views: FlowViews,
    private readonly summaries: FlowSummaryService,
    private readonly launcher: ExecutionLauncher,
    private readonly dryRun: FlowDryRun,
    private readonly executions: ExecutionsService,
    private readonly occurrences: OccurrenceHistory,
  ) {}

  @Post()
  @actorHeader('created_by')
  @ApiErrors(400, 409, 422)
  async createFlow(@Body() dto: CreateFlowRequest, @Actor() actor: string): Promise<FlowResponse> {
    return this.views.one(await this.flows.create(dto, actor));
  }

  @Get()
  @ApiErrors(400)
  async listFlows(@Query() query: ListFlowsQuery): Promise<FlowListResponse> {
    const { limit: _limit, offset: _offset, cursor: _cursor, sort, order, ...filters } = query;
    const { items, total, next_cursor } = await this.flows.list(filters, { sort: sort ?? 'name', order: order ?? 'asc' }, pageOf(query));
    return { flows: await this.views.many(items), total, next_cursor };
  }

  /** Flows by state, and today's runs ("today" = since local midnight in `tz`, default UTC; the answer says which day). */
  @Get('summary')
  @ApiErrors(400)
  getFlowSummary(@Query() query: FlowSummaryQuery): Promise<FlowSummaryResponse> {
    return this.summaries.summary(query.tz);
  }

  @Post('bulk-enable')
  @HttpCode(200)
  @ApiErrors(400)
  bulkEnableFlows(@Body() dto: BulkFlowsRequest): Promise<BulkFlowsResponse> {
    return this.flows.bulk('enable', dto);
  }

  @Post('bulk-disable')
  @HttpCode(200)
  @ApiErrors(400)
  bulkDisableFlows(@Body() dto: BulkFlowsRequest): Promise<BulkFlowsResponse> {
    return this.flows.bulk('disable', dto);
  }

  @Post('bulk-delete')
  @HttpCode(200)
  @ApiErrors(400)
  bulkDeleteFlows(@Body() dto: BulkFlowsRequest): Promise<BulkFlowsResponse> {
    return this.flows.bulk('delete', dto);
  }

  /** Dry run of a flow not saved yet: what it would run if created as given (400/422 for invalid fields, as a create). */
  @Post('test')
  @HttpCode(200)
  @ApiErrors(400, 422, 503)
  testFlowDraft(@Body() dto: CreateFlowRequest): Promise<FlowTestResponse> {
    return this.dryRun.testDraft(dto);
  }

  @Get(':id')
  @ApiErrors(404)
  async getFlow(@Param('id') id: string): Promise<FlowResponse> {
    return this.views.one(await this.flows.view(id));
  }

  @Put(':id')
  @ApiErrors(400, 404, 409, 422)
  async updateFlow(@Param('id') id: string, @Body() dto: UpdateFlowRequest): Promise<FlowResponse> {
    return this.views.one(await this.flows.update(id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(404, 409)
  deleteFlow(@Param('id') id: string): Promise<void> {
    return this.flows.delete(id);
  }

  @Patch(':id/enable')
  @ApiErrors(404)
  async enableFlow(@Param('id') id: string): Promise<FlowResponse> {
    return this.views.one(await this.flows.setEnabled(id, true));
  }

  @Patch(':id/disable')
  @ApiErrors(404)
  async disableFlow(@Param('id') id: string): Promise<FlowResponse> {
    return this.views.one(await this.flows.setEnabled(id, false));
  }

  @Get(':id/status')
  @ApiErrors(404)
  async getFlowStatus(@Param('id') id: string): Promise<FlowStatusResponse> {
    return this.views.status(id, await this.flows.statusWithNextRuns(id));
  }

  /** Starts a run now; 409/422 with the same reasons the dry run (POST …/test) reports. */
  @Post(':id/execute')
  @HttpCode(202)
  @actorHeader('triggered_by')
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

  /** Resolves what a run would do and starts nothing; `valid` is false exactly when execute would refuse. */
  @Post(':id/test')
  @HttpCode(200)
  @ApiErrors(404, 503)
  testFlow(@Param('id') id: string): Promise<FlowTestResponse> {
    return this.dryRun.test(id);
  }

  @Get(':id/executions')
  @ApiErrors(400, 404)
  listFlowExecutions(@Param('id') flowId: string, @Query() query: ListFlowExecutionsQuery): Promise<ExecutionListResponse> {
    return this.executions.listForFlow(flowId, executionFilter(query), pageOf(query));
  }

  /** Every occurrence of the flow's schedule, newest first, with its outcome. */
  @Get(':id/schedule-executions')
  @ApiErrors(400, 404)
  async listFlowScheduleExecutions(@Param('id') flowId: string, @Query() query: ListScheduleExecutionsQuery): Promise<ScheduleExecutionListResponse> {
    await this.flows.get(flowId);
    const { items, total } = await this.occurrences.ofFlow(flowId, pageOf(query));
    return { schedule_executions: items, total };
  }
}
