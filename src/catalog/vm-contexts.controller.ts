import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { CreateVmContextDto, ListVmContextsQuery, UpdateVmContextDto, VmContextListResponse, VmContextResponse, VmDisksResponse } from './dto/vm-context.dto';
import { VmContextsService } from './vm-contexts.service';

@ApiTags('vm-contexts')
@Controller('vm-contexts')
export class VmContextsController {
  constructor(private readonly vmContexts: VmContextsService) {}

  @Post()
  @ApiErrors(400, 409)
  createVmContext(@Body() dto: CreateVmContextDto): Promise<VmContextResponse> {
    return this.vmContexts.create(dto);
  }

  @Get()
  @ApiErrors(400)
  async listVmContexts(@Query() query: ListVmContextsQuery): Promise<VmContextListResponse> {
    const { items, total } = await this.vmContexts.list(query.search, pageOf(query));
    return { vm_contexts: items, total };
  }

  @Get(':context_id')
  @ApiErrors(404)
  getVmContext(@Param('context_id') contextId: string): Promise<VmContextResponse> {
    return this.vmContexts.get(contextId);
  }

  /** The VM's disks, as the backup system's GUI asks for them. */
  @Get(':context_id/disks')
  @ApiErrors(404)
  async listVmContextDisks(@Param('context_id') contextId: string): Promise<VmDisksResponse> {
    const disks = (await this.vmContexts.get(contextId)).disks ?? [];
    return { disks, count: disks.length };
  }

  @Put(':context_id')
  @ApiErrors(400, 404, 409)
  updateVmContext(@Param('context_id') contextId: string, @Body() dto: UpdateVmContextDto): Promise<VmContextResponse> {
    return this.vmContexts.update(contextId, dto);
  }

  @Delete(':context_id')
  @HttpCode(204)
  @ApiErrors(404, 409)
  deleteVmContext(@Param('context_id') contextId: string): Promise<void> {
    return this.vmContexts.delete(contextId);
  }
}
