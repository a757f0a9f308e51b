import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor, ACTOR_HEADER } from '../common/actor.decorator';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import {
  BulkFlowsRequest,
  BulkFlowsResponse,
  CreateFlowRequest,
  FlowListResponse,
  FlowResponse,
  FlowStatusResponse,
  ListFlowsQuery,
  UpdateFlowRequest,
} from '../flows/dto/flow.dto';
import { upcomingRuns } from '../flows/flow-timing';
import { flowStatusOf } from '../flows/flow-view.builder';
import { FlowsService } from '../flows/flows.service';
import { FlowSummaryResponse } from './dto/flow-summary.dto';
import { FlowSummaryService } from './flow-summary.service';
import { FlowViews } from './flow-views.service';

// Static paths (summary, bulk-*) are declared before ':id' so they are never taken for an id.
@ApiTags('protection-flows')
@Controller('protection-flows')
export class FlowsController {
  constructor(
    private readonly flows: FlowsService,
    private readonly views: FlowViews,
    private readonly summaries: FlowSummaryService,
  ) {}

  @Post()
  @ApiHeader({ name: ACTOR_HEADER, required: false, description: 'Recorded as created_by (default: system)' })
  @ApiErrors(400, 409, 422)
  async createFlow(@Body() dto: CreateFlowRequest, @Actor() actor: string): Promise<FlowResponse> {
    return this.views.one(await this.flows.create(dto, actor));
  }

  @Get()
  @ApiErrors(400)
  async listFlows(@Query() query: ListFlowsQuery): Promise<FlowListResponse> {
    const { limit: _limit, offset: _offset, cursor: _cursor, ...filters } = query;
    const { items, total, next_cursor } = await this.flows.list(filters, pageOf(query));
    return { flows: await this.views.many(items), total, next_cursor };
  }

  /** Flows by state, and today's runs ("today" = since 00:00 UTC). */
  @Get('summary')
  getFlowSummary(): Promise<FlowSummaryResponse> {
    return this.summaries.summary();
  }

  @Post('bulk-enable')
  @HttpCode(200)
  @ApiErrors(400)
  bulkEnableFlows(@Body() dto: BulkFlowsRequest): Promise<BulkFlowsResponse> {
    return this.flows.bulk('enable', dto.flow_ids);
  }

  @Post('bulk-disable')
  @HttpCode(200)
  @ApiErrors(400)
  bulkDisableFlows(@Body() dto: BulkFlowsRequest): Promise<BulkFlowsResponse> {
    return this.flows.bulk('disable', dto.flow_ids);
  }

  @Post('bulk-delete')
  @HttpCode(200)
  @ApiErrors(400)
  bulkDeleteFlows(@Body() dto: BulkFlowsRequest): Promise<BulkFlowsResponse> {
    return this.flows.bulk('delete', dto.flow_ids);
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
    const flow = await this.flows.get(id);
    const runs = upcomingRuns(flow, await this.flows.scheduleOf(flow), 5);
    return this.views.status(id, { ...flowStatusOf(flow), next_runs: runs.map((d) => d.toISOString()) });
  }
}
