import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BackupClientModule } from '../backup-client/backup-client.module';
import { BackupTypeAdvisor } from '../flows/backup-type.advisor';
import { FlowRunStats } from '../flows/flow-run-stats.port';
import { FlowsModule } from '../flows/flows.module';
import { HistoryBackupTypeAdvisor } from './backup-type.history-advisor';
import { EngineSlots } from './engine-slots';
import { ExecutionEventEntity } from './execution-event.entity';
import { ExecutionFinisher } from './execution-finisher.service';
import { ExecutionJobEntity } from './execution-job.entity';
import { ExecutionLauncher } from './execution-launcher.service';
import { ExecutionLeases } from './execution-leases.service';
import { ExecutionLog } from './execution-log';
import { ExecutionRecords } from './execution-records';
import { ExecutionRuns } from './execution-runs';
import { ExecutionStatsReader } from './execution-stats.reader';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';
import { FlowDispatcher } from './flow-dispatcher.service';
import { FlowExecutionEntity } from './flow-execution.entity';
import { JobTracker } from './job-tracker.service';

/**
 * Flow executions: launching, dispatching one backup job per VM, following them to the end,
 * finishing once, and resuming after a crash. Global only so that FlowsModule can reach the ports
 * it defines (FlowRunStats, BackupTypeAdvisor) without importing this module.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([FlowExecutionEntity, ExecutionJobEntity, ExecutionEventEntity]), FlowsModule, BackupClientModule],
  controllers: [ExecutionsController],
  providers: [
    ExecutionRecords,
    ExecutionRuns,
    ExecutionLog,
    EngineSlots,
    ExecutionFinisher,
    FlowDispatcher,
    JobTracker,
    ExecutionLeases,
    ExecutionLauncher,
    ExecutionsService,
    { provide: FlowRunStats, useClass: ExecutionStatsReader },
    { provide: BackupTypeAdvisor, useClass: HistoryBackupTypeAdvisor },
  ],
  exports: [ExecutionsService, ExecutionLauncher, FlowRunStats, BackupTypeAdvisor],
})
export class ExecutionsModule {}
