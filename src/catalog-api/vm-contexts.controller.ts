import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CreateVmContextDto, UpdateVmContextDto, VmContextResponse, VmDisksResponse } from '../catalog/dto/vm-context.dto';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { VmContextEntity } from '../catalog/vm-context.entity';
import { ApiErrors } from '../common/api-docs';
import { pageOf } from '../common/pagination.dto';
import { JobActivity } from '../executions/job-activity.service';
import { VmContextDetailResponse } from './dto/machine-group.dto';
import { CoveredVmContextResponse, ListCoveredVmContextsQuery, VmContextListResponse, VmCoverage } from './dto/vm-coverage.dto';
import { VmCoverageService } from './vm-coverage.service';
import { RecordOrigins } from './record-origins.service';

const HISTORY = 20;

/** Every /vm-contexts route: VMs (catalog) and, in the backup system's shape, a VM with its backup history (executions). */
@ApiTags('vm-contexts')
@Controller('vm-contexts')
export class VmContextsController {
  constructor(
    private readonly vmContexts: VmContextsService,
    private readonly jobs: JobActivity,
    private readonly origins: RecordOrigins,
    private readonly coverage: VmCoverageService,
  ) {}

  @Post()
  @ApiErrors(400, 409)
  createVmContext(@Body() dto: CreateVmContextDto): Promise<VmContextResponse> {
    return this.vmContexts.create(dto);
  }

  @Get()
  @ApiErrors(400)
  async listVmContexts(@Query() query: ListCoveredVmContextsQuery): Promise<VmContextListResponse> {
    const page = pageOf(query);
    const { items, total } = query.protection ? await this.coverage.page(query.search, query.protection, page) : await this.vmContexts.list(query.search, page);
    return { vm_contexts: await this.withCoverage(await this.origins.of(items)), total };
  }

  /** The VM with its latest 20 backup jobs from this engine, newest first, and its disks. */
  @Get('by-id/:context_id')
  @ApiErrors(404)
  async getVmContextDetail(@Param('context_id') contextId: string): Promise<VmContextDetailResponse> {
    const context = await this.origins.one(await this.vmContexts.get(contextId));
    const history = await this.jobs.historyOfVm(contextId, HISTORY);
    return {
      context,
      job_history: history.map((j) => ({
        id: j.id,
        execution_id: j.execution_id,
        backup_type: j.backup_type,
        status: j.status,
        backup_job_id: j.backup_job_id,
        bytes_transferred: j.bytes_transferred,
        error_message: j.error_message,
        queued_at: j.queued_at,
        started_at: j.started_at,
        completed_at: j.completed_at,
      })),
      disks: context.disks ?? [],
    };
  }

  @Get(':context_id')
  @ApiErrors(404)
  async getVmContext(@Param('context_id') contextId: string): Promise<CoveredVmContextResponse> {
    const [vm] = await this.withCoverage([await this.origins.one(await this.vmContexts.get(contextId))]);
    return vm;
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

  private async withCoverage<T extends VmContextEntity>(vms: T[]): Promise<Array<T & { coverage: VmCoverage }>> {
    const coverage = await this.coverage.of(vms);
    return vms.map((vm, i) => ({ ...vm, coverage: coverage[i] }));
  }
}
