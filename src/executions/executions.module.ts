import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupClientModule } from '../backup-client/backup-client.module';
import { CatalogModule } from '../catalog/catalog.module';
import { FlowsModule } from '../flows/flows.module';
import { BackupTypeAdvisor } from './backup-type.advisor';
import { DISPATCH_PROVIDERS } from './dispatch/dispatch.providers';
import { ExecutionEventEntity } from './execution-event.entity';
import { ExecutionEventRepository } from './execution-event.repository';
import { ExecutionFinisher } from './execution-finisher.service';
import { ExecutionJobEntity } from './execution-job.entity';
import { ExecutionLauncher } from './execution-launcher.service';
import { ExecutionLog } from './execution-log';
import { ExecutionReadRepository } from './execution-read.repository';
import { ExecutionRetry } from './execution-retry.service';
import { ExecutionRepository } from './execution.repository';
import { ExecutionStatisticsRepository } from './execution-statistics.repository';
import { ExecutionsService } from './executions.service';
import { FlowDeletionCheck } from './flow-deletion.check';
import { FlowDryRun } from './flow-dry-run.service';
import { FlowExecutionEntity } from './flow-execution.entity';
import { JobRepository } from './job.repository';
import { JobActivity } from './job-activity.service';
import { RunPreflight } from './run-preflight.service';
import { RunStatistics } from './run-statistics.service';
import { TelemetryController } from './telemetry.controller';

/**
 * Flow executions: the preflight and dry run, launching, the run engine (dispatch/: dispatching one
 * backup job per VM, following them, leases and takeover, buffered runs), finishing once, and the
 * run statistics of flows.
 */
@Module({
  imports: [TypeOrmModule.forFeature([FlowExecutionEntity, ExecutionJobEntity, ExecutionEventEntity]), CatalogModule, FlowsModule, BackupClientModule],
  controllers: [TelemetryController],
  providers: [
    ExecutionRepository,
    ExecutionReadRepository,
    ExecutionStatisticsRepository,
    JobRepository,
    ExecutionEventRepository,
    ExecutionLog,
    BackupTypeAdvisor,
    ExecutionFinisher,
    ...DISPATCH_PROVIDERS,
    RunPreflight,
    ExecutionLauncher,
    ExecutionRetry,
    ExecutionsService,
    FlowDryRun,
    FlowDeletionCheck,
    RunStatistics,
    JobActivity,
  ],
  exports: [ExecutionLauncher, ExecutionRetry, RunStatistics, JobActivity, ExecutionsService, FlowDryRun],
})
export class ExecutionsModule {}
