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
} from './dto/flow.dto';
import { upcomingRuns } from './flow-timing';
import { flowStatusOf } from './flow-view.builder';
import { FlowsService } from './flows.service';

// Static paths (bulk-*) are declared before ':id' so they are never taken for an id; the summary
// (GET summary) lives in the overview module, whose routes are registered before these.
@ApiTags('protection-flows')
@Controller('protection-flows')
export class FlowsController {
  constructor(private readonly flows: FlowsService) {}

  @Post()
  @ApiHeader({ name: ACTOR_HEADER, required: false, description: 'Recorded as created_by (default: system)' })
  @ApiErrors(400, 409, 422)
  createFlow(@Body() dto: CreateFlowRequest, @Actor() actor: string): Promise<FlowResponse> {
    return this.flows.create(dto, actor);
  }

  @Get()
  @ApiErrors(400)
  async listFlows(@Query() query: ListFlowsQuery): Promise<FlowListResponse> {
    const { limit: _limit, offset: _offset, ...filters } = query;
    const { items, total } = await this.flows.list(filters, pageOf(query));
    return { flows: items, total };
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
  getFlow(@Param('id') id: string): Promise<FlowResponse> {
    return this.flows.view(id);
  }

  @Put(':id')
  @ApiErrors(400, 404, 409, 422)
  updateFlow(@Param('id') id: string, @Body() dto: UpdateFlowRequest): Promise<FlowResponse> {
    return this.flows.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(404, 409)
  deleteFlow(@Param('id') id: string): Promise<void> {
    return this.flows.delete(id);
  }

  @Patch(':id/enable')
  @ApiErrors(404)
  enableFlow(@Param('id') id: string): Promise<FlowResponse> {
    return this.flows.setEnabled(id, true);
  }

  @Patch(':id/disable')
  @ApiErrors(404)
  disableFlow(@Param('id') id: string): Promise<FlowResponse> {
    return this.flows.setEnabled(id, false);
  }

  @Get(':id/status')
  @ApiErrors(404)
  async getFlowStatus(@Param('id') id: string): Promise<FlowStatusResponse> {
    const flow = await this.flows.get(id);
    const runs = upcomingRuns(flow, await this.flows.scheduleOf(flow), 5);
    return { ...flowStatusOf(flow), next_runs: runs.map((d) => d.toISOString()) };
  }
}
