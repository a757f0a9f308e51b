import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupClientModule } from '../backup-client/backup-client.module';
import { CatalogModule } from '../catalog/catalog.module';
import { AppConfig } from '../config/app-config';
import { FlowsModule } from '../flows/flows.module';
import { BackupTypeAdvisor } from './backup-type.advisor';
import { DispatchBoard } from './dispatch/dispatch-board';
import { ExecutionPlanner } from './dispatch/execution-planner.service';
import { FlowDispatcher } from './dispatch/flow-dispatcher.service';
import { JobStarter } from './dispatch/job-starter.service';
import { ExecutionEventEntity } from './execution-event.entity';
import { ExecutionEventRepository } from './execution-event.repository';
import { ExecutionFinisher } from './execution-finisher.service';
import { ExecutionJobEntity } from './execution-job.entity';
import { ExecutionLauncher } from './execution-launcher.service';
import { ExecutionLeases } from './execution-leases.service';
import { ExecutionLog } from './execution-log';
import { ExecutionRepository } from './execution.repository';
import { ExecutionStatisticsRepository } from './execution-statistics.repository';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';
import { FlowDeletionCheck } from './flow-deletion.check';
import { FlowDryRun } from './flow-dry-run.service';
import { FlowExecutionEntity } from './flow-execution.entity';
import { JobRepository } from './job.repository';
import { JobActivity } from './job-activity.service';
import { JobTracker } from './job-tracker.service';
import { PendingRunStarter } from './pending-run.starter';
import { ReplicaLease } from './replica-lease';
import { RunPreflight } from './run-preflight.service';
import { RunStatistics } from './run-statistics.service';

/**
 * Flow executions: the preflight and dry run, launching, dispatching one backup job per VM, following
 * them to the end, finishing once, resuming after a crash, and the run statistics of flows.
 */
@Module({
  imports: [TypeOrmModule.forFeature([FlowExecutionEntity, ExecutionJobEntity, ExecutionEventEntity]), CatalogModule, FlowsModule, BackupClientModule],
  controllers: [ExecutionsController],
  providers: [
    ExecutionRepository,
    ExecutionStatisticsRepository,
    JobRepository,
    ExecutionEventRepository,
    ExecutionLog,
    ReplicaLease,
    { provide: DispatchBoard, inject: [AppConfig], useFactory: (config: AppConfig) => new DispatchBoard(config.ENGINE_MAX_CONCURRENT_JOBS) },
    BackupTypeAdvisor,
    ExecutionPlanner,
    ExecutionFinisher,
    JobStarter,
    FlowDispatcher,
    JobTracker,
    RunPreflight,
    ExecutionLauncher,
    PendingRunStarter,
    ExecutionLeases,
    ExecutionsService,
    FlowDryRun,
    FlowDeletionCheck,
    RunStatistics,
    JobActivity,
  ],
  exports: [ExecutionLauncher, RunStatistics, JobActivity, ExecutionsService],
})
export class ExecutionsModule {}
