import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { TelemetryAccepted, TelemetryPush } from './dto/telemetry.dto';
import { JobTracker } from './dispatch/job-tracker.service';

/** The backup client's progress pushes (docs/backup-api.md). */
@ApiTags('executions')
@Controller('telemetry')
export class TelemetryController {
  constructor(private readonly tracker: JobTracker) {}

  @Post(':job_type/:job_id')
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
