import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { VmContextsService } from '../catalog/vm-contexts.service';
import { ApiErrors } from '../common/api-docs';
import { JobActivity } from '../executions/job-activity.service';
import { VmContextDetailResponse } from './dto/machine-group.dto';

const HISTORY = 20;

/** A VM with its backup history, in the backup system's shape. */
@ApiTags('vm-contexts')
@Controller('vm-contexts')
export class VmContextDetailController {
  constructor(
    private readonly vmContexts: VmContextsService,
    private readonly jobs: JobActivity,
  ) {}

  @Get('by-id/:context_id')
  @ApiErrors(404)
  async getVmContextDetail(@Param('context_id') contextId: string): Promise<VmContextDetailResponse> {
    const context = await this.vmContexts.get(contextId);
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
}
